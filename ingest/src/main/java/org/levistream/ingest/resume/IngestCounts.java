package org.levistream.ingest.resume;

import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A job's running totals, committed with every position so that a resumed job's summary covers all its runs.
 *
 * @param results       results consumed from the (ordered) source: records and rejected rows
 * @param accepted      records read successfully
 * @param published     records published, per topic (copies included)
 * @param pretrain      records written to the pretrain file (copies included)
 * @param dropped       records no rule sent anywhere (no match, or {@code drop} without copies)
 * @param late          records published after a later one, in a paced run: their disorder exceeded the window
 * @param deadLettered  rows and records dead-lettered, per reason tag (e.g. {@code rating.out.of.range})
 */
public record IngestCounts(long results, long accepted, SortedMap<String, Long> published, long pretrain,
                           long dropped, long late, SortedMap<String, Long> deadLettered) {
    /** Copies the maps into unmodifiable sorted ones. */
    public IngestCounts {
        published = sortedCopy(published);
        deadLettered = sortedCopy(deadLettered);
    }

    /** All zero. */
    public static IngestCounts zero() {
        return new IngestCounts(0, 0, new TreeMap<>(), 0, 0, 0, new TreeMap<>());
    }

    /** Records published to all topics together. */
    public long publishedTotal() {
        return published.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Rows and records dead-lettered, all reasons together. */
    public long deadLetteredTotal() {
        return deadLettered.values().stream().mapToLong(Long::longValue).sum();
    }

    private static SortedMap<String, Long> sortedCopy(Map<String, Long> map) {
        Objects.requireNonNull(map, "map");
        return java.util.Collections.unmodifiableSortedMap(new TreeMap<>(map));
    }
}
