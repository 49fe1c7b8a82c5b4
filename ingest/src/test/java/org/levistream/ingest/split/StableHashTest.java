package org.levistream.ingest.split;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(10)
class StableHashTest {
    /** Published MurmurHash3 x86_32 test vectors (SMHasher / reference implementations). */
    @ParameterizedTest
    @CsvSource({
            "'', 0, 00000000",
            "'', 1, 514e28b7",
            "'', -1, 81f16f39",
            "abc, 0, b3dd93fa",
            "aaaa, -1756908916, 5a97808a",
            "'Hello, world!', -1756908916, 24884cba",
            "The quick brown fox jumps over the lazy dog, -1756908916, 2fa826cd",
    })
    void matchesPublishedMurmur3Vectors(String key, int seed, String hex) {
        assertThat(StableHash.murmur3(key, seed)).isEqualTo(Long.parseLong(hex, 16));
    }

    @Test
    void spreadsKeysEvenlyOverBuckets() {
        int[] counts = new int[10];
        for (int user = 0; user < 100_000; user++) {
            counts[StableHash.bucket(Integer.toString(user), 10, 0)]++;
        }
        assertThat(java.util.Arrays.stream(counts).boxed()).allSatisfy(c -> assertThat(c).isBetween(9_500, 10_500));
    }

    @Test
    void unitIsInTheHalfOpenUnitInterval() {
        assertThat(StableHash.unit("x", 0)).isGreaterThanOrEqualTo(0).isLessThan(1);
        assertThat(StableHash.unit("x", 1)).isNotEqualTo(StableHash.unit("x", 2));
    }
}
