package org.levistream.trainer.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.levistream.model.checkpoint.CheckpointStore;
import org.levistream.model.checkpoint.LoadedCheckpoint;
import org.levistream.model.tensor.NamedTensor;
import org.levistream.trainer.checkpoint.Checkpointer;
import org.levistream.trainer.checkpoint.LineageRange;
import org.levistream.trainer.checkpoint.TrainerCheckpoint;

/** Reads an experiment's checkpoints back: the chain of parents, the lineage ranges, the final parameters. */
public final class Lineage {
    private Lineage() {}

    /** The checkpoints from the first to the newest verified one, following parent steps. */
    public static List<TrainerCheckpoint> chain(Path dir) throws IOException {
        CheckpointStore store = new CheckpointStore(dir);
        Path newest = store.latestVerified().orElseThrow(() -> new IOException("no checkpoint in " + dir));
        List<TrainerCheckpoint> chain = new ArrayList<>();
        TrainerCheckpoint c = Checkpointer.parse(CheckpointStore.read(newest).metadataJson());
        while (true) {
            chain.add(c);
            if (c.parentStep() < 0) {
                break;
            }
            c = Checkpointer.parse(CheckpointStore.read(dir.resolve(CheckpointStore.directoryName(c.parentStep())))
                    .metadataJson());
        }
        Collections.reverse(chain);
        return chain;
    }

    /** Every range of a chain, per partition ("topic-partition"), in chain order. */
    public static Map<String, List<LineageRange>> ranges(List<TrainerCheckpoint> chain) {
        Map<String, List<LineageRange>> byPartition = new TreeMap<>();
        for (TrainerCheckpoint c : chain) {
            for (LineageRange r : c.lineage()) {
                byPartition.computeIfAbsent(r.topic() + "-" + r.partition(), k -> new ArrayList<>()).add(r);
            }
        }
        return byPartition;
    }

    /** The newest verified checkpoint's parameters. */
    public static List<NamedTensor> finalParameters(Path dir) throws IOException {
        CheckpointStore store = new CheckpointStore(dir);
        LoadedCheckpoint last = CheckpointStore.read(store.latestVerified().orElseThrow());
        return last.parameters();
    }

    /** Whether two parameter lists have the same names, shapes and bits. */
    public static boolean bitEqual(List<NamedTensor> a, List<NamedTensor> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).bitEquals(b.get(i))) {
                return false;
            }
        }
        return true;
    }
}
