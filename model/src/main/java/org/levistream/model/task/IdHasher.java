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

    /**
     * {@link #fnvAscii}'s answer for text with a non-ASCII char. FNV-1a's state can take this value too, so a clash
     * only sends that id the long way, to the same answer.
     */
    private static final long NOT_ASCII = 0;

    private IdHasher() {}

    /** FNV-1a over {@code text}'s UTF-8 bytes, which are its chars while they are ASCII; else {@link #NOT_ASCII}. */
    private static long fnvAscii(long h, String text) {
        if (h == NOT_ASCII) {
            return NOT_ASCII;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                return NOT_ASCII;
            }
            h ^= c;
            h *= FNV_PRIME;
        }
        return h;
    }

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
     * Returns the row for {@code prefix + id}, without making that string: the same row as
     * {@code bucket(prefix + id, buckets)}, for the hot loops that hash two ids per record.
     *
     * @param prefix  the id's namespace, e.g. {@code "user-"}
     * @param id      the id as it appears on the wire
     * @param buckets the table's number of rows, at least 1
     * @return a row in {@code [0, buckets)}
     */
    public static long bucket(String prefix, String id, int buckets) {
        if (buckets < 1) {
            throw new IllegalArgumentException("buckets was " + buckets + " but must be at least 1");
        }
        long h = fnvAscii(fnvAscii(FNV_OFFSET, prefix), id);
        return Long.remainderUnsigned(h == NOT_ASCII ? hash64(prefix + id) : Seeds.mix64(h), buckets);
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
