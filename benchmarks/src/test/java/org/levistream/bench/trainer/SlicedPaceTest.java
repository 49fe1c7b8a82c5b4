package org.levistream.bench.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The bare consumer's pace, on a clock the test moves: a slice's share, then a wait to the slice's end. */
@Timeout(10)
class SlicedPaceTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @ParameterizedTest
    @CsvSource({"1000, 10, 10", "100, 1, 1", "1, 1, 1", "200000, 2000, 500"})
    void aSliceAllowsTenMillisecondsWorthAndAPollNoMoreThanThat(double perSec, long perSlice, int maxPoll) {
        SlicedPace pace = new SlicedPace(perSec, now::get);

        assertThat(pace.perSlice()).isEqualTo(perSlice);
        assertThat(pace.maxPollRecords()).isEqualTo(maxPoll);
    }

    @Test
    void waitsUntilTheSliceEndsOnceItsShareIsRead() {
        SlicedPace pace = new SlicedPace(1_000, now::get);
        assertThat(pace.waitNanos()).isZero();

        pace.read(4);
        now.addAndGet(3_000_000);
        assertThat(pace.waitNanos()).as("6 of 10 left").isZero();
        pace.read(6);
        assertThat(pace.waitNanos()).as("the 7 ms left of the slice").isEqualTo(7_000_000);

        now.addAndGet(7_000_000);
        assertThat(pace.waitNanos()).as("a new slice").isZero();
    }

    @Test
    void aSliceMissedIsNotCaughtUp() {
        SlicedPace pace = new SlicedPace(1_000, now::get);

        now.addAndGet(50_000_000);   // five slices with nothing read
        assertThat(pace.waitNanos()).isZero();
        pace.read(10);

        assertThat(pace.waitNanos()).as("still one slice's share, not six").isEqualTo(10_000_000);
    }

    @Test
    void refusesAPaceThatIsNotPositive() {
        assertThatThrownBy(() -> new SlicedPace(0, now::get))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("recordsPerSec was 0.0");
    }
}
