package org.levistream.model.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CalibrationTest {
    private static final double[] CONFIDENCE = {0.9, 0.79, 0.61, 0.55};
    private static final boolean[] CORRECT = {true, false, true, false};

    @Test
    void weighsEachBinsGapByItsShareOfTheExamples() {
        // bins 13, 11, 9 and 8 of 15: |1 - 0.9| + |0 - 0.79| + |1 - 0.61| + |0 - 0.55|, each weighted 1/4
        assertThat(Calibration.ece(CONFIDENCE, CORRECT, new int[] {0, 1, 2, 3})).isCloseTo(0.4575, within(1e-12));
    }

    @Test
    void averagesWithinABinBeforeTakingTheGap() {
        double[] confidence = {0.62, 0.64};          // one bin: (9/15, 10/15]
        boolean[] correct = {true, false};
        assertThat(Calibration.ece(confidence, correct, new int[] {0, 1})).isCloseTo(0.13, within(1e-12));
    }

    @Test
    void countsARepeatedIndexAsOftenAsItAppears() {
        assertThat(Calibration.ece(CONFIDENCE, CORRECT, new int[] {1, 1, 0})).isCloseTo((0.79 * 2 + 0.1) / 3,
                within(1e-12));
        assertThat(Calibration.ece(CONFIDENCE, CORRECT, new int[] {})).isZero();
    }

    @Test
    void confidenceIsTheSoftmaxOfTheHighestLogit() {
        float[] logits = {0f, (float) Math.log(3), 9f, 9f, 9f};
        assertThat(Calibration.confidence(logits, 0, 2)).isCloseTo(0.75, within(1e-7));
        assertThat(Calibration.confidence(logits, 2, 3)).isCloseTo(1.0 / 3, within(1e-7));
    }

    @Test
    void putsABinsUpperEdgeInThatBin() {
        assertThat(Calibration.bin(1.0)).isEqualTo(14);
        assertThat(Calibration.bin(0.5)).isEqualTo(7);     // 7.5 -> (7/15, 8/15]
        assertThat(Calibration.bin(0.0)).isZero();
    }
}
