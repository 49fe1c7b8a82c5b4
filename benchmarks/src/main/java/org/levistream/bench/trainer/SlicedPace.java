package org.levistream.bench.trainer;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A reading pace kept over 10 ms slices, with no catching up on a slice missed: each slice allows its share of the
 * records per second, and what a slice left unread is not carried over to the next.
 */
final class SlicedPace {
    static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /** Kafka's default {@code max.poll.records}. */
    private static final int MAX_POLL_RECORDS = 500;

    private final long perSlice;
    private final LongSupplier nanoTime;
    private long sliceEnds;
    private long inSlice;

    /**
     * Starts the first slice now.
     *
     * @param recordsPerSec the pace; positive
     * @param nanoTime      the clock, {@code System::nanoTime} but in tests
     */
    SlicedPace(double recordsPerSec, LongSupplier nanoTime) {
        if (!(recordsPerSec > 0)) {
            throw new IllegalArgumentException("recordsPerSec was " + recordsPerSec + " but must be positive");
        }
        this.perSlice = Math.max(1, Math.round(recordsPerSec * SLICE_NANOS / 1e9));
        this.nanoTime = nanoTime;
        this.sliceEnds = nanoTime.getAsLong() + SLICE_NANOS;
    }

    /** Records one slice allows, at least 1. */
    long perSlice() {
        return perSlice;
    }

    /** The most records one poll may return: a slice's worth, so that a slow pace is kept within the slice too. */
    int maxPollRecords() {
        return (int) Math.min(perSlice, MAX_POLL_RECORDS);
    }

    /**
     * Returns how long to wait before reading more: 0 while the current slice has room, else until it ends.
     *
     * @return nanoseconds
     */
    long waitNanos() {
        long now = nanoTime.getAsLong();
        if (now - sliceEnds >= 0) {
            sliceEnds = now + SLICE_NANOS;
            inSlice = 0;
        }
        return inSlice >= perSlice ? sliceEnds - now : 0;
    }

    /**
     * Counts records read in the current slice.
     *
     * @param records how many one poll returned
     */
    void read(int records) {
        inSlice += records;
    }
}
