package org.levistream.trainer.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RetentionTest {
    @Test
    void keepsTheNewestAndTheBestByValidationRmse() {
        List<Retention.Candidate> all = List.of(c(10, 0.9), c(20, 0.7), c(30, 0.8), c(40, 0.95), c(50, 1.0));
        assertThat(new Retention(2, 1).toDelete(all)).containsExactly(10L, 30L);
        assertThat(new Retention(2, 2).toDelete(all)).containsExactly(10L);
        assertThat(new Retention(1, 0).toDelete(all)).containsExactly(10L, 20L, 30L, 40L);
    }

    @Test
    void neverCountsUnvalidatedCheckpointsAsBest() {
        List<Retention.Candidate> all = List.of(c(1, Double.NaN), c(2, Double.NaN), c(3, Double.NaN));
        assertThat(new Retention(1, 5).toDelete(all)).containsExactly(1L, 2L);
    }

    private static Retention.Candidate c(long step, double rmse) {
        return new Retention.Candidate(step, rmse);
    }
}
