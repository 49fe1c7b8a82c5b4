package org.levistream.experiment.offline;

import java.io.IOException;
import java.nio.file.Path;
import org.levistream.ingest.split.SplitPlan;

/** Generated MovieLens-like ratings split in time, as the protocol tests share them: seconds, not minutes. */
public final class GeneratedSplits {
    /** Pre-training before 2003, OOD from 2009, a 20% ID test sample in between, the rest live. */
    public static final String TEMPORAL_SPLIT = """
            records: interactions
            rules:
              - match: {time: {until: 2003-01-01}}
                to: pretrain
              - match: {time: {from: 2009-01-01}}
                to: ood.late
              - match: {time: {from: 2003-01-01}, sample: {fraction: 0.2, seed: 3}}
                to: holdout
              - to: live
            """;

    private GeneratedSplits() {}

    /**
     * Writes generated data (seed 5) into {@code dir} and loads it with {@link #TEMPORAL_SPLIT}, 20% validation.
     *
     * @param dir an empty folder
     * @return the sets, without pre-training data
     * @throws IOException if writing or reading fails
     */
    public static OfflineSplits ratings(Path dir) throws IOException {
        GeneratedData.write(dir, 5);
        return MovieLensSplits.load(dir.resolve("movielens/movielens.csv"), dir.resolve("glove/glove-100d.bin"),
                SplitPlan.parse(TEMPORAL_SPLIT, "test split"), new LoadSettings(0.2, 1, 0, 0, 0, 0, false));
    }
}
