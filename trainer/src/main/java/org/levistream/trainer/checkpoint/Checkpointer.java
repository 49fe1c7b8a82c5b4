package org.levistream.trainer.checkpoint;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.levistream.model.checkpoint.CheckpointInfo;
import org.levistream.model.checkpoint.CheckpointStore;
import org.levistream.model.checkpoint.LoadedCheckpoint;
import org.levistream.model.levi.LeviTrainer;
import org.levistream.model.levi.TrainingState;
import org.levistream.trainer.position.PartitionOffsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes, finds and prunes one experiment's checkpoints. Loading picks the newest checkpoint that verifies; a newer
 * one that fails verification (half-written, truncated, altered) is logged and moved aside to a hidden
 * {@code .corrupt-*} directory, so that it is neither loaded nor overwritten.
 */
public final class Checkpointer {
    private static final Logger log = LoggerFactory.getLogger(Checkpointer.class);
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final CheckpointStore store;
    private final Retention retention;

    /**
     * Opens a checkpoint folder.
     *
     * @param dir       the experiment's checkpoint folder; created if missing
     * @param retention what to keep
     * @throws IOException if the folder cannot be created
     */
    public Checkpointer(Path dir, Retention retention) throws IOException {
        this.store = new CheckpointStore(dir);
        this.retention = retention;
    }

    /**
     * Returns the store.
     *
     * @return the model module's checkpoint store
     */
    public CheckpointStore store() {
        return store;
    }

    /**
     * Loads the newest checkpoint that verifies, moving aside newer ones that do not.
     *
     * @return the checkpoint, or empty when there is none
     * @throws IOException if the folder cannot be read
     */
    public Optional<Loaded> loadLatest() throws IOException {
        int leftovers = store.removeIncomplete();
        if (leftovers > 0) {
            log.info("Removed {} unfinished checkpoint write(s) in {}", leftovers, store.root());
        }
        List<Path> all = store.list();
        for (int i = all.size() - 1; i >= 0; i--) {
            Path dir = all.get(i);
            List<String> problems = CheckpointStore.verify(dir);
            if (problems.isEmpty()) {
                return Optional.of(read(dir));
            }
            Path aside = quarantine(dir);
            log.warn("Checkpoint {} is corrupt or incomplete ({}); moved it to {} and falling back to the previous one",
                    dir.getFileName(), String.join("; ", problems), aside.getFileName());
        }
        return Optional.empty();
    }

    /**
     * Loads one checkpoint of this folder by step, after verifying it.
     *
     * @param step the step, or -1 for the newest that verifies (without moving anything aside)
     * @return the checkpoint
     * @throws IOException if it is missing or corrupt
     */
    public Loaded load(long step) throws IOException {
        if (step < 0) {
            Optional<Path> latest = store.latestVerified();
            if (latest.isEmpty()) {
                throw new IOException("no verified checkpoint in " + store.root());
            }
            return read(latest.get());
        }
        Path dir = store.root().resolve(CheckpointStore.directoryName(step));
        if (!Files.isDirectory(dir)) {
            throw new IOException("no checkpoint for step " + step + " in " + store.root());
        }
        return read(dir);
    }

    /**
     * Saves the trainer's state with the stream's metadata. A complete checkpoint of the same step (left by a run
     * that was killed after writing it but before a later checkpoint verified) is replaced.
     *
     * @param trainer  the trainer
     * @param metadata the stream's metadata; its step must be the trainer's
     * @return the durable checkpoint's directory
     * @throws IOException if writing fails
     */
    public Path save(LeviTrainer trainer, TrainerCheckpoint metadata) throws IOException {
        return save(snapshot(trainer, metadata));
    }

    /**
     * Copies what a checkpoint holds off the trainer, so that it can be written on another thread while training
     * goes on: later steps change nothing in it.
     *
     * @param trainer  the trainer; only read
     * @param metadata the stream's metadata; its step must be the trainer's
     * @return the snapshot, on the heap
     */
    public static Snapshot snapshot(LeviTrainer trainer, TrainerCheckpoint metadata) {
        return snapshot(trainer, metadata, null);
    }

    /**
     * As {@link #snapshot(LeviTrainer, TrainerCheckpoint)}, with the featurizer's state.
     *
     * @param trainer  the trainer; only read
     * @param metadata the stream's metadata; its step must be the trainer's
     * @param features the featurizer's state, or {@code null} for a stateless featurizer
     * @return the snapshot, on the heap
     */
    public static Snapshot snapshot(LeviTrainer trainer, TrainerCheckpoint metadata, byte[] features) {
        if (metadata.step() != trainer.step()) {
            throw new IllegalArgumentException("metadata is for step " + metadata.step() + " but the trainer is at "
                    + trainer.step());
        }
        Map<String, String> flat = new TreeMap<>();
        flat.put("experiment", metadata.experiment());
        flat.put("training.settings.hash", metadata.trainingSettingsHash());
        flat.put("next.offsets", PartitionOffsets.format(PartitionPosition.mapOf(metadata.nextOffsets())));
        flat.put("parent.step", Long.toString(metadata.parentStep()));
        metadata.validation().forEach((k, v) -> flat.put("validation." + k, Double.toString(v)));
        TrainingState state = trainer.snapshot();
        return new Snapshot(CheckpointStore.describe(trainer, state, flat), state, metadata, features);
    }

    /**
     * Writes a snapshot as a checkpoint. A complete checkpoint of the same step (left by a run that was killed after
     * writing it but before a later checkpoint verified) is replaced.
     *
     * @param snapshot what to write
     * @return the durable checkpoint's directory
     * @throws IOException if writing fails
     */
    public Path save(Snapshot snapshot) throws IOException {
        Path existing = store.root().resolve(CheckpointStore.directoryName(snapshot.metadata().step()));
        if (Files.exists(existing)) {
            store.delete(existing);
        }
        return store.write(snapshot.info(), snapshot.state(), JSON.writeValueAsString(snapshot.metadata()),
                snapshot.features());
    }

    /**
     * Deletes the checkpoints retention no longer keeps.
     *
     * @return the deleted directories
     * @throws IOException if the folder cannot be listed or a checkpoint deleted
     */
    public List<Path> prune() throws IOException {
        List<Retention.Candidate> candidates = new ArrayList<>();
        Map<Long, Path> byStep = new TreeMap<>();
        for (Path dir : store.list()) {
            Optional<TrainerCheckpoint> meta = metadataOf(dir);
            if (meta.isPresent()) {
                candidates.add(new Retention.Candidate(meta.get().step(), meta.get().validation()));
                byStep.put(meta.get().step(), dir);
            }
        }
        List<Path> deleted = new ArrayList<>();
        for (long step : retention.toDelete(candidates)) {
            store.delete(byStep.get(step));
            deleted.add(byStep.get(step));
        }
        return deleted;
    }

    /**
     * Reads a checkpoint's trainer metadata without verifying its other files.
     *
     * @param dir a checkpoint directory
     * @return the metadata, or empty if it cannot be read
     */
    public static Optional<TrainerCheckpoint> metadataOf(Path dir) {
        try {
            return Optional.of(parse(Files.readString(dir.resolve(CheckpointStore.METADATA_JSON), StandardCharsets.UTF_8)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Parses trainer metadata.
     *
     * @param json the contents of {@code metadata.json}
     * @return the metadata
     * @throws IOException if it is not trainer metadata
     */
    public static TrainerCheckpoint parse(String json) throws IOException {
        TrainerCheckpoint meta = JSON.readValue(json, TrainerCheckpoint.class);
        if (meta.format() != TrainerCheckpoint.FORMAT) {
            throw new IOException("trainer metadata has format " + meta.format() + "; this build reads "
                    + TrainerCheckpoint.FORMAT);
        }
        return meta;
    }

    /**
     * Hashes a checkpoint's content: SHA-256 of its manifest, which lists every file's SHA-256.
     *
     * @param dir a checkpoint directory
     * @return 64 lowercase hex digits
     * @throws IOException if the manifest cannot be read
     */
    public static String contentHash(Path dir) throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(Files.readAllBytes(dir.resolve(CheckpointStore.MANIFEST_JSON))));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static Loaded read(Path dir) throws IOException {
        LoadedCheckpoint checkpoint = CheckpointStore.read(dir);
        return new Loaded(checkpoint, parse(checkpoint.metadataJson()));
    }

    private Path quarantine(Path dir) throws IOException {
        Path aside = store.root().resolve(".corrupt-" + dir.getFileName() + "-" + System.currentTimeMillis());
        Files.move(dir, aside, StandardCopyOption.ATOMIC_MOVE);
        return aside;
    }

    /**
     * A checkpoint's content, copied off the trainer and not yet written.
     *
     * @param info     the model-side description (settings, backbone, provenance, caller strings)
     * @param state    parameters and optimizer state at the metadata's step
     * @param metadata the stream's metadata
     * @param features the featurizer's state, or {@code null}
     */
    public record Snapshot(CheckpointInfo info, TrainingState state, TrainerCheckpoint metadata, byte[] features) {}

    /**
     * A verified checkpoint with its trainer metadata.
     *
     * @param checkpoint the model state
     * @param metadata   the stream metadata
     */
    public record Loaded(LoadedCheckpoint checkpoint, TrainerCheckpoint metadata) {}
}
