package org.levistream.bench.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class MediansTest {

    @Test
    void middleValueOrMeanOfTheTwoMiddleOnesWithoutReorderingTheInput() {
        double[] odd = {5, 1, 3};

        assertThat(Medians.of(odd)).isEqualTo(3);
        assertThat(odd).containsExactly(5, 1, 3);
        assertThat(Medians.of(4, 1, 3, 2)).isEqualTo(2.5);
        assertThat(Medians.of(7)).isEqualTo(7);
        assertThatThrownBy(Medians::of).hasMessageContaining("at least one value");
    }
}
