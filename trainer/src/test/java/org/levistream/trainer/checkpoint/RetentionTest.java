package org.levistream.trainer.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
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

    @Test
    void keepsTheMostAccurateClassifierAndBreaksTiesByLowerNll() {
        List<Retention.Candidate> all = List.of(image(10, 0.90, 0.30), image(20, 0.95, 0.25), image(30, 0.95, 0.20),
                image(40, 0.80, 0.10), image(50, 0.70, 0.90));
        assertThat(new Retention(1, 1).toDelete(all)).as("higher accuracy wins, and the lower NLL of equals")
                .containsExactly(10L, 20L, 40L);
        assertThat(new Retention(1, 2).toDelete(all)).containsExactly(10L, 40L);
    }

    private static Retention.Candidate c(long step, double rmse) {
        return new Retention.Candidate(step, Double.isNaN(rmse) ? Map.of() : Map.of("rmse", rmse, "mae", 0.5));
    }

    private static Retention.Candidate image(long step, double accuracy, double nll) {
        return new Retention.Candidate(step, Map.of("accuracy", accuracy, "nll", nll, "examples", 100.0));
    }
}
