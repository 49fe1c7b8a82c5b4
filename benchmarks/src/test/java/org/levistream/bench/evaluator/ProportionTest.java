package org.levistream.bench.evaluator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ProportionTest {
    @Test
    void wilsonIntervalMatchesPublishedValues() {
        // Newcombe (1998), table I: 81/263 gives 0.2553 to 0.3662; 0/10 gives 0 to 0.2775.
        Proportion p = new Proportion(81, 263);
        assertThat(p.low()).isCloseTo(0.2553, within(1e-4));
        assertThat(p.high()).isCloseTo(0.3662, within(1e-4));
        assertThat(new Proportion(0, 10).low()).isEqualTo(0.0);
        assertThat(new Proportion(0, 10).high()).isCloseTo(0.2775, within(1e-4));
    }

    @Test
    void refusesACountAboveItsTrials() {
        assertThatThrownBy(() -> new Proportion(3, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("count 3 of 2");
    }
}
