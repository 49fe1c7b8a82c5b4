package org.levistream.evaluator.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HolmTest {

    @Test
    void stepsDownUntilTheFirstKeptHypothesis() {
        // sorted: 0.005 <= 0.05/4, 0.01 <= 0.05/3, 0.03 > 0.05/2 -> stop; 0.04 is kept although 0.04 <= 0.05/1
        boolean[] rejected = Holm.reject(new double[] {0.01, 0.04, 0.03, 0.005}, 0.05);

        assertThat(rejected).containsExactly(true, false, false, true);
    }

    @Test
    void rejectsEveryHypothesisWhenAllAreSmallEnough() {
        assertThat(Holm.reject(new double[] {0.001, 0.002}, 0.05)).containsExactly(true, true);
        assertThat(Holm.reject(new double[] {}, 0.05)).isEmpty();
    }
}
