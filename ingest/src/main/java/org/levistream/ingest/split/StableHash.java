package org.levistream.ingest.split;

import java.nio.charset.StandardCharsets;

/**
 * MurmurHash3 (x86, 32-bit) of UTF-8 text: a hash that is fixed by its published algorithm, unlike
 * {@link String#hashCode()}'s poor spread or anything a library may change, so that a split file assigns the same
 * records to the same sets in every version and in any language that has MurmurHash3 ({@code mmh3.hash(key, seed,
 * signed=False)} in Python).
 */
public final class StableHash {
    private static final int C1 = 0xcc9e2d51;
    private static final int C2 = 0x1b873593;
    private static final double TWO_TO_32 = 4294967296.0;

    private StableHash() {
    }

    /** MurmurHash3 x86_32 of {@code key}'s UTF-8 bytes, as an unsigned value in [0, 2^32). */
    public static long murmur3(String key, int seed) {
        return Integer.toUnsignedLong(murmur3(key.getBytes(StandardCharsets.UTF_8), seed));
    }

    /** A point in [0, 1) determined by {@code key} and {@code seed}: the fraction test of sampling rules. */
    public static double unit(String key, long seed) {
        return murmur3(key, fold(seed)) / TWO_TO_32;
    }

    /** The bucket in [0, buckets) of {@code key} under {@code salt}: the cohort of cohort rules. */
    public static int bucket(String key, int buckets, int salt) {
        return (int) (murmur3(key, salt) % buckets);
    }

    /** Folds a 64-bit seed into MurmurHash3's 32-bit one; seeds below 2^31 are used as they are. */
    static int fold(long seed) {
        return (int) (seed ^ (seed >>> 32));
    }

    /** MurmurHash3 x86_32 (Austin Appleby's reference algorithm), signed. */
    static int murmur3(byte[] data, int seed) {
        int h = seed;
        int blocks = data.length & ~3;
        for (int i = 0; i < blocks; i += 4) {
            int k = (data[i] & 0xff) | (data[i + 1] & 0xff) << 8 | (data[i + 2] & 0xff) << 16 | data[i + 3] << 24;
            h ^= mixK(k);
            h = Integer.rotateLeft(h, 13) * 5 + 0xe6546b64;
        }
        int tail = data.length & 3;
        if (tail > 0) {
            int k = 0;
            if (tail == 3) {
                k ^= (data[blocks + 2] & 0xff) << 16;
            }
            if (tail >= 2) {
                k ^= (data[blocks + 1] & 0xff) << 8;
            }
            k ^= data[blocks] & 0xff;
            h ^= mixK(k);
        }
        h ^= data.length;
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        return h ^ (h >>> 16);
    }

    private static int mixK(int k) {
        return Integer.rotateLeft(k * C1, 15) * C2;
    }
}
