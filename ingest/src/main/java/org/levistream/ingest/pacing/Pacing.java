package org.levistream.ingest.pacing;

import java.time.Instant;
import java.util.Iterator;
import java.util.function.Function;

import org.levistream.ingest.readers.ReadResult;

/**
 * How records are paced: as fast as possible in source order ({@code speed} 0), or in event-time order at
 * {@code speed} times real time.
 *
 * <p>Paced runs sort by event time within a window of {@code reorderWindow} accepted records (see
 * {@link EventTimeOrder}): a source whose disorder fits in the window comes out sorted, one whose disorder does not
 * has "late" records, which are published at once, out of order, and counted. A window as large as the source sorts
 * it completely, at the cost of holding that many records in memory. Unpaced runs keep the source order.
 *
 * @param speed         event-time seconds per wall-clock second, e.g. 525600 plays a year in a minute; 0 means as
 *                      fast as possible
 * @param reorderWindow how many accepted records a paced run holds to sort them; 0 keeps the source order
 */
public record Pacing(double speed, int reorderWindow) {
    /** Enough to sort MovieLens latest-small (100,004 ratings, sorted by user) completely. */
    public static final int DEFAULT_REORDER_WINDOW = 100_000;

    /** Checks the ranges; the messages name the setting. */
    public Pacing {
        if (!(speed >= 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("speed was " + speed + " but must be 0 (as fast as possible) or a "
                    + "positive, finite factor");
        }
        if (reorderWindow < 0) {
            throw new IllegalArgumentException("reorderWindow was " + reorderWindow + " but must be at least 0");
        }
    }

    /** No pacing: source order, as fast as the producer takes records. */
    public static Pacing asFastAsPossible() {
        return new Pacing(0, 0);
    }

    /** Event-time order at {@code speed} times real time, sorted within {@code reorderWindow} records. */
    public static Pacing eventTime(double speed, int reorderWindow) {
        if (speed == 0) {
            throw new IllegalArgumentException("speed was 0 but must be positive for event-time pacing");
        }
        return new Pacing(speed, reorderWindow);
    }

    /** Whether records wait for their event time. */
    public boolean paced() {
        return speed > 0;
    }

    /**
     * The order this pacing publishes in, as stored with a job's committed position: {@code source} or
     * {@code event-time/<window>}. A resumed run must use the same order, or counting results would skip others.
     */
    public String order() {
        return paced() && reorderWindow > 0 ? "event-time/" + reorderWindow : "source";
    }

    /** {@code results} in this pacing's order: unchanged, or sorted within the window. */
    public <T> Iterator<ReadResult<T>> order(Iterator<ReadResult<T>> results, Function<T, Instant> eventTime) {
        return paced() && reorderWindow > 0 ? new EventTimeOrder<>(results, eventTime, reorderWindow) : results;
    }

    /** E.g. {@code as fast as possible} or {@code event time x3600 (window 100000)}. */
    @Override
    public String toString() {
        if (!paced()) {
            return "as fast as possible";
        }
        String factor = speed == Math.rint(speed) ? Long.toString((long) speed) : Double.toString(speed);
        return "event time x" + factor + " (window " + reorderWindow + ")";
    }
}
