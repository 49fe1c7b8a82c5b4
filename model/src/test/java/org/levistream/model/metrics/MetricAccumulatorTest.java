package org.levistream.model.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.levistream.model.levi.TaskKind;

class MetricAccumulatorTest {

    @Test
    void ratingPredictionsOutsideTheScaleAreClippedBeforeTheError() {
        MetricAccumulator acc = new MetricAccumulator(TaskKind.RATING);
        acc.rating(5.8f, 4.0f);   // scored as 5.0: error 1.0
        acc.rating(3.0f, 3.5f);   // error -0.5
        acc.rating(0.2f, 1.0f);   // scored as 0.5: error -0.5

        Metrics m = acc.result();

        assertThat(m.count()).isEqualTo(3);
        assertThat(m.values()).containsOnlyKeys("rmse", "mae");
        assertThat(m.get("rmse")).isEqualTo(0.7071067811865476);
        assertThat(m.get("mae")).isEqualTo(0.6666666666666666);
    }

    @Test
    void clippingKeepsPredictionsOnTheScaleAndMovesTheRestToItsEnds() {
        assertThat(MetricAccumulator.clipRating(-1f)).isEqualTo(0.5);
        assertThat(MetricAccumulator.clipRating(7f)).isEqualTo(5.0);
        assertThat(MetricAccumulator.clipRating(3.25f)).isEqualTo(3.25);
    }

    @Test
    void classLogitsGiveAccuracyAndMeanNegativeLogLikelihood() {
        MetricAccumulator acc = new MetricAccumulator(TaskKind.CLASSIFICATION);
        float[] logits = {9f, 2f, 0f, 0f, 0f, 0f, 0f};   // two examples of 3 classes from offset 1
        acc.logits(logits, 1, 3, 0);   // right: -log(e^2 / (e^2 + 2))
        acc.logits(logits, 4, 3, 2);   // a tie goes to class 0, so wrong: -log(1/3)

        Metrics m = acc.result();

        assertThat(m.values()).containsOnlyKeys("accuracy", "nll");
        assertThat(m.get("accuracy")).isEqualTo(0.5);
        assertThat(m.get("nll")).isCloseTo(0.6690785274449972, within(1e-12));
        assertThat(m.count()).isEqualTo(2);
    }

    @Test
    void nothingAddedScoresNaN() {
        Metrics m = new MetricAccumulator(TaskKind.RATING).result();

        assertThat(m.count()).isZero();
        assertThat(m.get("rmse")).isNaN();
    }

    @Test
    void ratingsAreChosenByLowestRmseAndClassesByHighestAccuracy() {
        assertThat(Metrics.selectionMetric(TaskKind.RATING)).isEqualTo("rmse");
        assertThat(Metrics.selectionMetric(TaskKind.CLASSIFICATION)).isEqualTo("accuracy");
        assertThat(Metrics.lowerIsBetter("rmse")).isTrue();
        assertThat(Metrics.lowerIsBetter("nll")).isTrue();
        assertThat(Metrics.lowerIsBetter("accuracy")).isFalse();
    }
}
