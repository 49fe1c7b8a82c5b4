package org.levistream.ingest.pacing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class PacingClockTest {
    private final AtomicLong now = new AtomicLong(1_000);

    @Test
    void firstRecordIsDueAtOnceAndLaterOnesAtTheirEventTimeDividedBySpeed() {
        var clock = new PacingClock(3600, now::get);
        Instant t0 = Instant.parse("2010-01-01T00:00:00Z");

        assertThat(clock.dueNanos(t0)).isEqualTo(1_000);
        assertThat(clock.dueNanos(t0.plus(Duration.ofHours(1)))).isEqualTo(1_000 + 1_000_000_000L);
        assertThat(clock.dueNanos(t0.plus(Duration.ofHours(2)))).isEqualTo(1_000 + 2_000_000_000L);
    }

    @Test
    void playsAYearInAMinuteAtTheMinutesInAYear() {
        var clock = new PacingClock(525_600, now::get);
        Instant t0 = Instant.parse("2010-01-01T00:00:00Z");
        clock.dueNanos(t0);

        assertThat(clock.dueNanos(t0.plus(Duration.ofDays(365)))).isEqualTo(1_000 + 60_000_000_000L);
    }

    @Test
    void recordsEarlierThanTheFirstAreDueInThePastSoTheyGoAtOnce() {
        var clock = new PacingClock(10, now::get);
        Instant t0 = Instant.parse("2010-01-01T00:00:10Z");
        clock.dueNanos(t0);

        assertThat(clock.dueNanos(t0.minusSeconds(10))).isLessThan(now.get());
    }

    @Test
    void decadesAtATinySpeedDoNotOverflow() {
        var clock = new PacingClock(1e-9, now::get);
        clock.dueNanos(Instant.EPOCH);

        assertThat(clock.dueNanos(Instant.parse("2020-01-01T00:00:00Z"))).isPositive();
    }
}
