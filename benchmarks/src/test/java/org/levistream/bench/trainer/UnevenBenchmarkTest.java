package org.levistream.bench.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class UnevenBenchmarkTest {

    @Test
    void splitsTheRecordsInTheLayoutsShares() {
        assertThat(UnevenBenchmark.counts(500_000, UnevenBenchmark.UNEVEN)).containsExactly(200_000, 100_000, 200_000);
        assertThat(UnevenBenchmark.counts(10, UnevenBenchmark.EQUAL)).containsExactly(4, 3, 3);
    }

    @Test
    void comparesMediansAndTheMedianOfTheRoundsRatios() {
        var result = new UnevenBenchmark.Result(List.of(new UnevenBenchmark.Round(100, 90),
                new UnevenBenchmark.Round(80, 88), new UnevenBenchmark.Round(120, 96)));

        assertThat(result.medianEqual()).isEqualTo(100.0);
        assertThat(result.medianUneven()).isEqualTo(90.0);
        assertThat(result.ratio()).isEqualTo(0.9);
        assertThat(result.medianRoundRatio()).isEqualTo(0.9);   // 0.9, 1.1, 0.8
    }
}
