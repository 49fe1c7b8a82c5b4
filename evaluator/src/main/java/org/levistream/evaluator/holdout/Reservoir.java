package org.levistream.evaluator.holdout;

import java.nio.charset.StandardCharsets;

/**
 * Where the n-th record of a topic goes in a reservoir of fixed capacity (Vitter's algorithm R), with each draw
 * derived from (seed, topic, n) instead of a random generator's state. The evaluator keeps the reservoir's slots and
 * the count in a changelogged store; since a draw needs nothing else, a restarted instance that replays the same
 * records makes exactly the same sample, and there is no generator state to save.
 *
 * <p>Every record of the topic ends up in the sample with probability capacity / count, as with algorithm R.
 */
public final class Reservoir {
    private final int capacity;
    private final long stream;

    /**
     * A reservoir for one topic.
     *
     * @param capacity the most records kept, at least 1 (default 10,000)
     * @param seed     the experiment-wide seed
     * @param topic    the held-out topic: each topic draws independently
     */
    public Reservoir(int capacity, long seed, String topic) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a reservoir must hold at least 1 record, was " + capacity);
        }
        this.capacity = capacity;
        this.stream = mix(seed ^ fnv(topic));
    }

    /**
     * The slot of the record that is the {@code n}-th (from 0) the topic has seen.
     *
     * @param n how many records came before it
     * @return the slot it takes in {@code [0, capacity)}, replacing what was there; -1 when it is not kept
     */
    public int slotOf(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be at least 0, was " + n);
        }
        if (n < capacity) {
            return (int) n;
        }
        long j = Math.floorMod(mix(stream + n * 0x9E3779B97F4A7C15L), n + 1);   // uniform in [0, n]
        return j < capacity ? (int) j : -1;
    }

    /** The capacity. */
    public int capacity() {
        return capacity;
    }

    // SplitMix64's finalizer: a bijection that spreads every input bit over the output.
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static long fnv(String s) {
        long h = 0xCBF29CE484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xFF)) * 0x100000001B3L;
        }
        return h;
    }
}
