package org.levistream.experiment.offline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.levistream.ingest.split.SplitPlan;

@Timeout(60)
class MovieLensSplitsTest {
    private static final String SPLIT = """
            records: interactions
            rules:
              - match: {time: {until: 2003-01-01}}
                to: pretrain
              - match: {time: {from: 2009-01-01}}
                to: ood.late
              - match: {time: {from: 2003-01-01}, sample: {fraction: 0.1, seed: 3}}
                to: holdout
              - to: live
            """;

    @TempDir
    Path dir;

    private OfflineSplits load(double validation, int trainLimit, boolean pretrain) throws IOException {
        GeneratedData.write(dir, 5);
        return MovieLensSplits.load(dir.resolve("movielens/movielens.csv"), dir.resolve("glove/glove-100d.bin"),
                SplitPlan.parse(SPLIT, "test split"), new LoadSettings(validation, 1, trainLimit, 0, 0, 0, pretrain));
    }

    @Test
    void everyRatingLandsInExactlyOneSetAsTheSplitFileSays() throws IOException {
        OfflineSplits s = load(0.2, 0, true);

        int total = s.pretrain().size() + s.train().size() + s.validation().size() + s.idTest().size()
                + s.ood().get("ood.late").size();
        assertThat(total).isEqualTo(48 * 60);
        assertThat(s.ood()).containsOnlyKeys("ood.late");
        assertThat(s.pretrain().size()).isPositive();
        double share = s.validation().size() / (double) (s.train().size() + s.validation().size());
        assertThat(share).isBetween(0.1, 0.3);
        // Rows are [content | user context]: 8 GloVe + 19 genres + 2 year, then that + 2.
        assertThat(((RatingSet) s.train()).width()).isEqualTo(29 + 31);
    }

    @Test
    void capsTrainingExamplesAndSkipsPretrainingDataUnlessAsked() throws IOException {
        OfflineSplits s = load(0.2, 50, false);

        assertThat(s.train().size()).isEqualTo(50);
        assertThat(s.pretrain().size()).isZero();
    }
}
