package org.levistream.ingest.publish;

import java.util.HashMap;
import java.util.Map;

import org.levistream.ingest.resume.IngestCounts;

/** The running counts of one run, starting from the job's committed ones. Mutable, one thread. */
final class Tally {
    long results;
    long accepted;
    long pretrain;
    long dropped;
    long late;
    private final Map<String, long[]> published = new HashMap<>();
    private final Map<String, long[]> deadLettered = new HashMap<>();

    Tally(IngestCounts from) {
        results = from.results();
        accepted = from.accepted();
        pretrain = from.pretrain();
        dropped = from.dropped();
        late = from.late();
        from.published().forEach((k, v) -> published.put(k, new long[] {v}));
        from.deadLettered().forEach((k, v) -> deadLettered.put(k, new long[] {v}));
    }

    void published(String topic) {
        // A one-element array per topic: no boxing per record on the hot path.
        published.computeIfAbsent(topic, t -> new long[1])[0]++;
    }

    void deadLettered(String reason) {
        deadLettered.computeIfAbsent(reason, r -> new long[1])[0]++;
    }

    IngestCounts snapshot() {
        Map<String, Long> p = new HashMap<>();
        published.forEach((k, v) -> p.put(k, v[0]));
        Map<String, Long> d = new HashMap<>();
        deadLettered.forEach((k, v) -> d.put(k, v[0]));
        return new IngestCounts(results, accepted, new java.util.TreeMap<>(p), pretrain, dropped, late,
                new java.util.TreeMap<>(d));
    }
}
