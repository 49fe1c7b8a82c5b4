package org.levistream.trainer.position;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.TopicPartition;

/**
 * Where a trainer stops. A live trainer has none and runs until stopped; a replay or a bounded run stops once every
 * input partition has reached its end offset, after a final checkpoint. Text forms: {@code none},
 * {@code end} (the log end when the run first starts), {@code offsets:topic:0=500,...} (exclusive: the record at
 * the end offset is not read) and {@code timestamp:...} (records before the instant).
 *
 * <p>Resolved end offsets are stored in every checkpoint, so that a restarted run stops at the same place.
 */
public sealed interface EndPoint {

    /** No end: a live trainer. */
    record None() implements EndPoint {
        @Override public String toString() { return "none"; }
    }

    /** The log end offsets at the moment the run first starts. */
    record LogEnd() implements EndPoint {
        @Override public String toString() { return "end"; }
    }

    /**
     * Exact end offsets, exclusive; partitions not named end at their log end at the first start.
     *
     * @param offsets the first offset not to read, per partition
     */
    record Offsets(Map<TopicPartition, Long> offsets) implements EndPoint {
        /** Copies the map in canonical order. */
        public Offsets { offsets = java.util.Collections.unmodifiableMap(PartitionOffsets.sortedCopy(offsets)); }
        @Override public String toString() { return "offsets:" + PartitionOffsets.format(offsets); }
    }

    /**
     * Every record with a timestamp before an instant.
     *
     * @param at the instant (exclusive)
     */
    record Timestamp(Instant at) implements EndPoint {
        /** Checks the instant. */
        public Timestamp { Objects.requireNonNull(at, "at"); }
        @Override public String toString() { return "timestamp:" + at; }
    }

    /**
     * Tells whether the run stops by itself.
     *
     * @return false for {@link None}
     */
    default boolean bounded() {
        return !(this instanceof None);
    }

    /**
     * Parses an end point.
     *
     * @param text         one of the text forms above
     * @param defaultTopic the topic of offsets that name none, or {@code null}
     * @return the end point
     * @throws IllegalArgumentException saying which forms are allowed
     */
    static EndPoint parse(String text, String defaultTopic) {
        String t = text == null ? "" : text.trim();
        if (t.equals("none") || t.isEmpty()) {
            return new None();
        }
        if (t.equals("end")) {
            return new LogEnd();
        }
        if (t.startsWith("offsets:")) {
            return new Offsets(PartitionOffsets.parse(t.substring("offsets:".length()), defaultTopic));
        }
        if (t.startsWith("timestamp:")) {
            return new Timestamp(StartPoint.Instants.parse(t.substring("timestamp:".length())));
        }
        throw new IllegalArgumentException("'" + t + "' is not an end point; use none, end, "
                + "offsets:topic:partition=offset,... or timestamp:ISO-8601|epoch-ms");
    }
}
