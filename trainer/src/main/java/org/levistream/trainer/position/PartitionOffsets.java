package org.levistream.trainer.position;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads and writes per-partition offsets as text: {@code topic:0=120,topic:1=98}, or {@code 0=120,1=98} when there
 * is one input topic. Maps are sorted by topic, then partition, so that the text form is canonical.
 */
public final class PartitionOffsets {
    /** Orders partitions by topic, then number: the one order every trainer component uses. */
    public static final Comparator<TopicPartition> ORDER =
            Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    private PartitionOffsets() {}

    /**
     * Parses offsets.
     *
     * @param text         e.g. {@code levi.interactions:0=120,levi.interactions:1=98} or {@code 0=120,1=98}
     * @param defaultTopic the topic of entries without one; {@code null} when every entry must name its topic
     * @return a sorted map
     * @throws IllegalArgumentException naming the entry that is malformed
     */
    public static Map<TopicPartition, Long> parse(String text, String defaultTopic) {
        Map<TopicPartition, Long> offsets = sorted();
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("no offsets given; write topic:partition=offset,...");
        }
        for (String entry : text.split(",")) {
            String e = entry.trim();
            int eq = e.lastIndexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("'" + e + "' is not partition=offset");
            }
            String left = e.substring(0, eq);
            int colon = left.lastIndexOf(':');
            String topic = colon < 0 ? defaultTopic : left.substring(0, colon);
            if (topic == null || topic.isBlank()) {
                throw new IllegalArgumentException("'" + e + "' names no topic; write topic:partition=offset");
            }
            try {
                int partition = Integer.parseInt(left.substring(colon + 1).trim());
                long offset = Long.parseLong(e.substring(eq + 1).trim());
                if (partition < 0 || offset < 0) {
                    throw new IllegalArgumentException("'" + e + "' has a negative partition or offset");
                }
                if (offsets.put(new TopicPartition(topic.trim(), partition), offset) != null) {
                    throw new IllegalArgumentException("'" + e + "' repeats a partition");
                }
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException("'" + e + "' is not partition=offset with whole numbers", ex);
            }
        }
        return offsets;
    }

    /**
     * Formats offsets as {@link #parse} reads them, always naming the topic.
     *
     * @param offsets the offsets
     * @return e.g. {@code t:0=5,t:1=7}
     */
    public static String format(Map<TopicPartition, Long> offsets) {
        List<String> parts = new ArrayList<>();
        sortedCopy(offsets).forEach((tp, o) -> parts.add(tp.topic() + ":" + tp.partition() + "=" + o));
        return String.join(",", parts);
    }

    /**
     * Returns an empty map sorted in {@link #ORDER}.
     *
     * @param <V> the value type
     * @return a new mutable map
     */
    public static <V> TreeMap<TopicPartition, V> sorted() {
        return new TreeMap<>(ORDER);
    }

    /**
     * Copies a map into {@link #ORDER}.
     *
     * @param <V> the value type
     * @param map the map
     * @return a new mutable sorted map
     */
    public static <V> TreeMap<TopicPartition, V> sortedCopy(Map<TopicPartition, V> map) {
        TreeMap<TopicPartition, V> copy = sorted();
        copy.putAll(map);
        return copy;
    }
}
