package org.levistream.ingest.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class ProgressMeterTest {
    private final AtomicLong now = new AtomicLong();
    private final List<String> lines = new ArrayList<>();

    @Test
    void writesRecordsRateShareAndEtaOncePerInterval() {
        var meter = new ProgressMeter("ingest movielens", OptionalLong.of(100_000), Duration.ofSeconds(5),
                lines::add, now::get);
        meter.start(0);
        now.set(4_000_000_000L);
        meter.update(40_000);
        now.set(5_000_000_000L);
        meter.update(50_000);
        now.set(6_000_000_000L);
        meter.update(60_000);

        assertThat(lines).containsExactly("ingest movielens: 50000 results (50% of ~100000), 10.0k/s, ETA 0:00:05");
    }

    @Test
    void leavesOutShareAndEtaWhenTheTotalIsUnknownAndCountsRateFromTheRunsStart() {
        var meter = new ProgressMeter("ingest amazon", OptionalLong.empty(), Duration.ofSeconds(1), lines::add,
                now::get);
        meter.start(1_000_000);   // skipped by resuming: not part of this run's rate
        now.set(2_000_000_000L);
        meter.update(1_000_500);

        assertThat(lines).containsExactly("ingest amazon: 1000500 results, 250/s");
    }

    @Test
    void writesNothingWithAZeroInterval() {
        var meter = new ProgressMeter("x", OptionalLong.of(1), Duration.ZERO, lines::add, now::get);
        meter.start(0);
        now.set(Long.MAX_VALUE / 2);
        meter.update(1);

        assertThat(lines).isEmpty();
    }

    @Test
    void formatsLargeRatesAndLongEtas() {
        assertThat(ProgressMeter.rate(1_234_567)).isEqualTo("1.23M");
        assertThat(ProgressMeter.clock(3 * 3600 + 25 * 60 + 7)).isEqualTo("3:25:07");
    }
}
