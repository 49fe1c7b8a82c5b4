package org.levistream.evaluator.scoring;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.levistream.evaluator.topology.WorkItem;

/**
 * Each held-out topic's sample, kept in a changelogged store: the {@code capacity} records with the smallest
 * priority, a seeded hash of the record's identity (topic, partition, offset). This is bottom-k sampling: every
 * record is kept with probability capacity / seen, like a reservoir, but the sample depends only on which records
 * arrived, never on their order. Every instance of the evaluator receives the held-out records in its own
 * interleaving of the source partitions, and a restarted one may receive them again; all of them hold the same
 * sample, so that two experiments scored on different instances, and two versions of one experiment, are scored on
 * the same records.
 *
 * <p>Store keys are {@code topic, 0x00, priority as 8 big-endian bytes}: one topic's records are one key range, in
 * priority order. Which record to push out (the largest priority) is answered from an in-memory index of each topic's
 * priorities, read from the store once per topic and kept in step with every put and delete: a RocksDB reverse seek
 * per record crawls over the tombstones of the records pushed out before, and a live evaluator slowed to tens of
 * records per second with it.
 */
public final class HeldOutSample {
    private final KeyValueStore<Bytes, byte[]> records;
    private final KeyValueStore<String, Long> seen;
    private final int capacity;
    private final long seed;
    /** Each topic's sampled priorities, as the store holds them; loaded at the topic's first offer. */
    private final Map<String, TreeSet<Long>> index = new HashMap<>();

    /**
     * Wraps the stores.
     *
     * @param records  sampled records by key
     * @param seen     records seen per topic
     * @param capacity records kept per topic
     * @param seed     the sample's seed
     */
    public HeldOutSample(KeyValueStore<Bytes, byte[]> records, KeyValueStore<String, Long> seen, int capacity,
                         long seed) {
        this.records = records;
        this.seen = seen;
        this.capacity = capacity;
        this.seed = seed;
    }

    /**
     * What offering a record did.
     *
     * @param joined   whether it joined the sample
     * @param priority its priority
     * @param evicted  the priority of the record it pushed out, or -1
     */
    public record Offer(boolean joined, long priority, long evicted) {}

    /**
     * Offers a record to its topic's sample.
     *
     * @param record the record
     * @return whether it joined the sample (it does not when it is there already or ranks below the sample) and
     *         which record it pushed out
     */
    public Offer offer(WorkItem.HeldOut record) {
        long priority = priority(seed, record.topic(), record.partition(), record.offset());
        Bytes key = key(record.topic(), priority);
        if (records.get(key) != null) {
            return new Offer(false, priority, -1);
        }
        Long count = seen.get(record.topic());
        long n = count == null ? 0 : count;
        seen.put(record.topic(), n + 1);
        long evicted = -1;
        TreeSet<Long> priorities = indexOf(record.topic());
        if (priorities.size() >= capacity) {
            long largest = priorities.last();
            if (priority > largest) {
                return new Offer(false, priority, -1);
            }
            records.delete(key(record.topic(), largest));
            priorities.remove(largest);
            evicted = largest;
        }
        records.put(key, WorkItem.encode(record));
        priorities.add(priority);
        return new Offer(true, priority, evicted);
    }

    /**
     * The priorities of a topic's sampled records, ascending: a fixed list of the records a version is scored on.
     *
     * @param topic the topic
     * @return its records' priorities
     */
    public long[] snapshot(String topic) {
        long[] out = new long[Math.min(capacity, 1024)];
        int n = 0;
        try (KeyValueIterator<Bytes, byte[]> it = records.range(key(topic, 0), key(topic, Long.MAX_VALUE))) {
            while (it.hasNext()) {
                if (n == out.length) {
                    out = Arrays.copyOf(out, out.length * 2);
                }
                out[n++] = priorityOf(it.next().key);
            }
        }
        return Arrays.copyOf(out, n);
    }

    /**
     * Reads one sampled record.
     *
     * @param topic    its topic
     * @param priority its priority
     * @return the record, or null when it has left the sample since
     */
    public WorkItem.HeldOut get(String topic, long priority) {
        byte[] value = records.get(key(topic, priority));
        return value == null ? null : (WorkItem.HeldOut) WorkItem.decode(value);
    }

    /**
     * How many records of a topic were seen.
     *
     * @param topic the topic
     * @return records offered so far, duplicates excluded
     */
    public long seen(String topic) {
        Long count = seen.get(topic);
        return count == null ? 0 : count;
    }

    /**
     * A record's priority: a seeded hash of its identity, 63 bits so that byte order is numeric order.
     *
     * @param seed      the sample's seed
     * @param topic     the record's topic
     * @param partition its partition
     * @param offset    its offset
     * @return a number in {@code [0, 2^63)}
     */
    public static long priority(long seed, String topic, int partition, long offset) {
        long h = mix(seed ^ 0x9E3779B97F4A7C15L);
        for (byte b : topic.getBytes(StandardCharsets.UTF_8)) {
            h = mix(h ^ (b & 0xFF));
        }
        h = mix(h ^ partition);
        return mix(h ^ offset) >>> 1;
    }

    private TreeSet<Long> indexOf(String topic) {
        return index.computeIfAbsent(topic, t -> {
            TreeSet<Long> priorities = new TreeSet<>();
            for (long p : snapshot(t)) {
                priorities.add(p);
            }
            return priorities;
        });
    }

    static Bytes key(String topic, long priority) {
        byte[] name = topic.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(name.length + 9).put(name).put((byte) 0).putLong(priority).array());
    }

    private static long priorityOf(Bytes key) {
        byte[] k = key.get();
        return ByteBuffer.wrap(k, k.length - 8, 8).getLong();
    }

    // SplitMix64's finalizer: every input bit reaches every output bit.
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
