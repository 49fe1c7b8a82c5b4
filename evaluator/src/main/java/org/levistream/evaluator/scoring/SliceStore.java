package org.levistream.evaluator.scoring;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.levistream.evaluator.config.HeldOutTopic;
import org.levistream.evaluator.report.TopicScore;
import org.levistream.model.levi.TaskKind;
import org.levistream.model.metrics.ExampleLosses;

/**
 * The scoring work kept in changelogged stores, so that a restarted or rebalanced evaluator goes on where it
 * stopped: each version's per-topic snapshot (which sampled records it is scored on), each scored slice (the records'
 * identities and loss terms), and each experiment's reference scorings. Keys start with the experiment and version
 * so that one version's entries are one key range.
 */
public final class SliceStore {
    private static final char SEP = '\u0000';

    private final KeyValueStore<String, byte[]> snapshots;
    private final KeyValueStore<String, byte[]> slices;
    private final KeyValueStore<String, byte[]> references;
    /**
     * Slices scored in this punctuation, not yet in the store: consecutive slices of one topic go to the store as one
     * entry at {@link #flush()}. Safe because a punctuation's writes commit in one transaction anyway.
     */
    private final java.util.Map<String, List<Encoded>> unflushed = new java.util.LinkedHashMap<>();
    /** Snapshots read or written in this run: every slice of a topic needs its version's snapshot. */
    private final java.util.Map<String, long[]> snapshotCache = new java.util.HashMap<>();

    /**
     * Wraps the stores.
     *
     * @param snapshots  snapshot per (experiment, version, topic)
     * @param slices     scored slice per (experiment, version, topic, slice)
     * @param references reference scoring per (experiment, topic)
     */
    public SliceStore(KeyValueStore<String, byte[]> snapshots, KeyValueStore<String, byte[]> slices,
                      KeyValueStore<String, byte[]> references) {
        this.snapshots = snapshots;
        this.slices = slices;
        this.references = references;
    }

    /**
     * Keeps a topic's snapshot for a version.
     *
     * @param experiment the experiment
     * @param version    the version
     * @param topic      the topic
     * @param priorities the sampled records, ascending
     */
    public void putSnapshot(String experiment, long version, String topic, long[] priorities) {
        snapshots.put(versionKey(experiment, version) + topic, encode(priorities, null));
        snapshotCache.put(versionKey(experiment, version) + topic, priorities);
    }

    /**
     * Reads a topic's snapshot for a version.
     *
     * @param experiment the experiment
     * @param version    the version
     * @param topic      the topic
     * @return the priorities; empty if none was kept
     */
    public long[] snapshot(String experiment, long version, String topic) {
        return snapshotCache.computeIfAbsent(versionKey(experiment, version) + topic, key -> {
            byte[] bytes = snapshots.get(key);
            return bytes == null ? new long[0] : decode(bytes).priorities;
        });
    }

    /**
     * Keeps a scored slice.
     *
     * @param experiment the experiment
     * @param version    the version
     * @param topic      the topic
     * @param slice      the slice number
     * @param priorities the records scored, ascending
     * @param losses     their terms
     */
    public void putSlice(String experiment, long version, String topic, int slice, long[] priorities,
                         ExampleLosses losses) {
        String prefix = versionKey(experiment, version) + topic + SEP;
        String key = unflushed.keySet().stream().filter(k -> k.startsWith(prefix)).findFirst()
                .orElse(sliceKey(experiment, version, topic, slice));
        unflushed.computeIfAbsent(key, k -> new ArrayList<>()).add(new Encoded(priorities, losses));
    }

    /** Writes the slices scored since the last flush, one store entry per run of consecutive slices of a topic. */
    public void flush() {
        unflushed.forEach((key, parts) -> {
            long[] ids = parts.stream().flatMapToLong(e -> java.util.Arrays.stream(e.priorities)).toArray();
            ExampleLosses losses = ExampleLosses.concat(parts.get(0).losses.task(),
                    parts.stream().map(Encoded::losses).toList());
            slices.put(key, encode(ids, losses));
        });
        unflushed.clear();
    }

    /**
     * Joins a topic's slices into its scoring.
     *
     * @param experiment the experiment
     * @param version    the version
     * @param topic      the topic
     * @param task       the model's task
     * @return the scoring of every record scored, in priority order
     */
    public TopicScore scoring(String experiment, long version, HeldOutTopic topic, TaskKind task) {
        flush();
        String prefix = versionKey(experiment, version) + topic.topic() + SEP;
        List<long[]> ids = new ArrayList<>();
        List<ExampleLosses> parts = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = slices.prefixScan(prefix,
                Serdes.String().serializer())) {
            while (it.hasNext()) {
                Encoded e = decode(it.next().value);
                ids.add(e.priorities);
                parts.add(e.losses);
            }
        }
        long[] all = ids.stream().flatMapToLong(java.util.Arrays::stream).toArray();
        return new TopicScore(topic, all, ExampleLosses.concat(task, parts));
    }

    /**
     * Deletes a version's snapshots and slices once it is reported.
     *
     * @param experiment the experiment
     * @param version    the version
     */
    public void forget(String experiment, long version) {
        String prefix = versionKey(experiment, version);
        snapshotCache.keySet().removeIf(key -> key.startsWith(prefix));
        unflushed.keySet().removeIf(key -> key.startsWith(prefix));
        for (KeyValueStore<String, byte[]> store : List.of(snapshots, slices)) {
            List<String> keys = new ArrayList<>();
            try (KeyValueIterator<String, byte[]> it = store.prefixScan(prefix,
                    Serdes.String().serializer())) {
                it.forEachRemaining(kv -> keys.add(kv.key));
            }
            keys.forEach(store::delete);
        }
    }

    /**
     * Makes a version's scorings the experiment's reference.
     *
     * @param experiment the experiment
     * @param scores     the version's scorings
     */
    public void putReference(String experiment, List<TopicScore> scores) {
        for (TopicScore s : scores) {
            references.put(experiment + SEP + s.topic().topic(), encode(s.priorities(), s.losses()));
        }
    }

    /**
     * Reads the reference scoring of a topic.
     *
     * @param experiment the experiment
     * @param topic      the topic
     * @return the scoring, or null when the reference has none for it
     */
    public TopicScore reference(String experiment, HeldOutTopic topic) {
        byte[] bytes = references.get(experiment + SEP + topic.topic());
        if (bytes == null) {
            return null;
        }
        Encoded e = decode(bytes);
        return new TopicScore(topic, e.priorities, e.losses);
    }

    private static String versionKey(String experiment, long version) {
        return experiment + SEP + String.format("%020d", version) + SEP;
    }

    private static String sliceKey(String experiment, long version, String topic, int slice) {
        return versionKey(experiment, version) + topic + SEP + String.format("%09d", slice);
    }

    private record Encoded(long[] priorities, ExampleLosses losses) {}

    private static byte[] encode(long[] priorities, ExampleLosses losses) {
        ByteBuffer out = ByteBuffer.allocate(4 + 8 * priorities.length + 1 + (losses == null ? 0 : losses.byteSize()));
        out.putInt(priorities.length);
        out.asLongBuffer().put(priorities);
        out.position(4 + 8 * priorities.length);
        out.put((byte) (losses == null ? 0 : 1));
        if (losses != null) {
            losses.writeTo(out);
        }
        return out.array();
    }

    private static Encoded decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        long[] priorities = new long[in.getInt()];
        in.asLongBuffer().get(priorities);
        in.position(4 + 8 * priorities.length);
        ExampleLosses losses = in.get() == 1 ? ExampleLosses.readFrom(in) : null;
        return new Encoded(priorities, losses);
    }
}
