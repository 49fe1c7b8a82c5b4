package org.levistream.trainer.position;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.TopicPartition;

/**
 * Where a trainer without a checkpoint of its own starts reading. Text forms: {@code earliest}, {@code latest},
 * {@code offsets:topic:0=12,topic:1=40}, {@code timestamp:2024-06-01T00:00:00Z} (or epoch milliseconds) and
 * {@code checkpoint:EXPERIMENT@VERSION} ({@code VERSION} a step, or {@code latest}).
 */
public sealed interface StartPoint {

    /** The first offset still in the log. */
    record Earliest() implements StartPoint {
        @Override public String toString() { return "earliest"; }
    }

    /** The log end: only records produced from now on. */
    record Latest() implements StartPoint {
        @Override public String toString() { return "latest"; }
    }

    /**
     * Exact offsets; partitions not named start at the earliest offset.
     *
     * @param offsets the next offset to read, per partition
     */
    record Offsets(Map<TopicPartition, Long> offsets) implements StartPoint {
        /** Copies the map in canonical order. */
        public Offsets { offsets = java.util.Collections.unmodifiableMap(PartitionOffsets.sortedCopy(offsets)); }
        @Override public String toString() { return "offsets:" + PartitionOffsets.format(offsets); }
    }

    /**
     * The first record at or after an instant (Kafka's record timestamps), per partition.
     *
     * @param at the instant
     */
    record Timestamp(Instant at) implements StartPoint {
        /** Checks the instant. */
        public Timestamp { Objects.requireNonNull(at, "at"); }
        @Override public String toString() { return "timestamp:" + at; }
    }

    /**
     * Another experiment's checkpoint: its parameters and optimizer state when the settings match, and its offsets.
     *
     * @param experiment the experiment whose checkpoint folder holds it
     * @param version    the checkpoint's step, or {@code -1} for its newest verified checkpoint
     */
    record Checkpoint(String experiment, long version) implements StartPoint {
        /** Checks the experiment. */
        public Checkpoint {
            if (experiment == null || experiment.isBlank()) {
                throw new IllegalArgumentException("checkpoint: needs an experiment, as checkpoint:EXP@VERSION");
            }
        }
        @Override public String toString() {
            return "checkpoint:" + experiment + "@" + (version < 0 ? "latest" : Long.toString(version));
        }
    }

    /**
     * Parses a start point.
     *
     * @param text         one of the text forms above
     * @param defaultTopic the topic of offsets that name none, or {@code null}
     * @return the start point
     * @throws IllegalArgumentException saying which forms are allowed
     */
    static StartPoint parse(String text, String defaultTopic) {
        String t = text == null ? "" : text.trim();
        if (t.equals("earliest")) {
            return new Earliest();
        }
        if (t.equals("latest")) {
            return new Latest();
        }
        if (t.startsWith("offsets:")) {
            return new Offsets(PartitionOffsets.parse(t.substring("offsets:".length()), defaultTopic));
        }
        if (t.startsWith("timestamp:")) {
            return new Timestamp(Instants.parse(t.substring("timestamp:".length())));
        }
        if (t.startsWith("checkpoint:")) {
            String ref = t.substring("checkpoint:".length());
            int at = ref.lastIndexOf('@');
            String experiment = at < 0 ? ref : ref.substring(0, at);
            String version = at < 0 ? "latest" : ref.substring(at + 1);
            try {
                return new Checkpoint(experiment, version.equals("latest") ? -1 : Long.parseLong(version));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + version + "' is not a version; write checkpoint:EXP@STEP or "
                        + "checkpoint:EXP@latest", e);
            }
        }
        throw new IllegalArgumentException("'" + t + "' is not a start point; use earliest, latest, "
                + "offsets:topic:partition=offset,..., timestamp:ISO-8601|epoch-ms or checkpoint:EXPERIMENT@VERSION");
    }

    /** Parses instants given as ISO-8601 or epoch milliseconds. */
    final class Instants {
        private Instants() {}

        static Instant parse(String text) {
            String t = text.trim();
            try {
                return t.chars().allMatch(Character::isDigit) && !t.isEmpty()
                        ? Instant.ofEpochMilli(Long.parseLong(t)) : Instant.parse(t);
            } catch (DateTimeParseException | NumberFormatException e) {
                throw new IllegalArgumentException("'" + t + "' is not an instant; write 2024-06-01T00:00:00Z or "
                        + "epoch milliseconds", e);
            }
        }
    }
}
