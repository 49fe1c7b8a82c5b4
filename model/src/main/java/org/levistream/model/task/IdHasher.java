package org.levistream.model.task;

import java.nio.charset.StandardCharsets;
import org.levistream.model.internal.Seeds;

/**
 * Maps string ids (user ids, item ids) to a fixed number of embedding rows. The hash is stable across JVMs,
 * platforms and releases (FNV-1a over UTF-8, then SplitMix64's finaliser), so a new id needs no resize and a
 * restarted trainer maps every id to the same row. Changing it would silently scramble every checkpoint: a
 * golden-value test pins it.
 */
public final class IdHasher {
    private static final long FNV_OFFSET = 0xCBF29CE484222325L;
    private static final long FNV_PRIME = 0x100000001B3L;

    private IdHasher() {}

    /**
     * Returns the row for an id.
     *
     * @param id      the id as it appears on the wire
     * @param buckets the table's number of rows, at least 1
     * @return a row in {@code [0, buckets)}
     */
    public static long bucket(String id, int buckets) {
        if (buckets < 1) {
            throw new IllegalArgumentException("buckets was " + buckets + " but must be at least 1");
        }
        return Long.remainderUnsigned(hash64(id), buckets);
    }

    /**
     * Returns the stable 64-bit hash of an id.
     *
     * @param id the id
     * @return the hash
     */
    public static long hash64(String id) {
        long h = FNV_OFFSET;
        for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xFF;
            h *= FNV_PRIME;
        }
        return Seeds.mix64(h);
    }
}
