package org.levistream.ingest.pacing;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Maps event times to wall-clock deadlines: the first record paced is due at once, and a record {@code d} of event
 * time after it is due {@code d / speed} later. Records behind schedule (the producer was slower, or the record is
 * late) are due at once; the clock never waits backwards. Not thread-safe.
 */
public final class PacingClock {
    private static final double MAX_WAIT_NANOS = 1e18;

    private final double speed;
    private final LongSupplier nanoTime;
    private Instant firstEventTime;
    private long startNanos;

    /**
     * @param speed    event-time seconds per wall-clock second; positive
     * @param nanoTime the monotonic clock, {@link System#nanoTime()} outside tests
     */
    public PacingClock(double speed, LongSupplier nanoTime) {
        if (!(speed > 0)) {
            throw new IllegalArgumentException("speed was " + speed + " but must be positive");
        }
        this.speed = speed;
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    /** The {@link System#nanoTime()} value at which a record of {@code eventTime} is due; starts the clock. */
    public long dueNanos(Instant eventTime) {
        if (firstEventTime == null) {
            firstEventTime = eventTime;
            startNanos = nanoTime.getAsLong();
            return startNanos;
        }
        Duration ahead = Duration.between(firstEventTime, eventTime);
        // Seconds as a double keep decades of event time (1e9 s) exact enough at any speed, and cannot overflow.
        double wallSeconds = (ahead.getSeconds() + ahead.getNano() / 1e9) / speed;
        // Clamped to about 30 years so that a tiny speed cannot overflow the sum; nothing waits that long anyway.
        return startNanos + (long) Math.min(wallSeconds * 1e9, MAX_WAIT_NANOS);
    }

    /** Whether the clock has started. */
    public boolean started() {
        return firstEventTime != null;
    }
}
