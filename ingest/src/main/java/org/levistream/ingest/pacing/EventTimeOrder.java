package org.levistream.ingest.pacing;

import java.time.Instant;
import java.util.Comparator;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.function.Function;

import org.levistream.ingest.readers.ReadResult;

/**
 * Sorts accepted records by event time within a bounded window, deterministically.
 *
 * <p>Holds up to {@code window} accepted records in a heap ordered by (event time, read order) and hands out the
 * earliest whenever one more would overflow it, and the rest, in order, at the end. Rejected rows have no event
 * time and pass straight through, in their read position. The output is a pure function of the input sequence, so a
 * restarted run reproduces it exactly and may skip the first N results by counting.
 *
 * <p>A record earlier than one already handed out (its disorder exceeds the window) still comes out, late.
 *
 * @param <T> the record type
 */
final class EventTimeOrder<T> implements Iterator<ReadResult<T>> {
    /** An accepted record in the heap, with its read order to break ties. */
    private record Held<T>(long eventMillis, long sequence, ReadResult<T> result) {
    }

    private final Iterator<ReadResult<T>> source;
    private final Function<T, Instant> eventTime;
    private final int window;
    private final PriorityQueue<Held<T>> heap;
    private long sequence;

    EventTimeOrder(Iterator<ReadResult<T>> source, Function<T, Instant> eventTime, int window) {
        if (window < 1) {
            throw new IllegalArgumentException("window was " + window + " but must be at least 1");
        }
        this.source = Objects.requireNonNull(source, "source");
        this.eventTime = Objects.requireNonNull(eventTime, "eventTime");
        this.window = window;
        Comparator<Held<T>> order = Comparator.<Held<T>>comparingLong(Held::eventMillis)
                .thenComparingLong(Held::sequence);
        this.heap = new PriorityQueue<>(Math.min(window, 1 << 16) + 1, order);
    }

    @Override
    public boolean hasNext() {
        return !heap.isEmpty() || source.hasNext();
    }

    @Override
    public ReadResult<T> next() {
        while (heap.size() <= window && source.hasNext()) {
            ReadResult<T> result = source.next();
            if (!(result instanceof ReadResult.Accepted<T> accepted)) {
                return result;
            }
            heap.add(new Held<>(eventTime.apply(accepted.value()).toEpochMilli(), sequence++, result));
        }
        Held<T> earliest = heap.poll();
        if (earliest == null) {
            throw new NoSuchElementException("no more results");
        }
        return earliest.result();
    }
}
