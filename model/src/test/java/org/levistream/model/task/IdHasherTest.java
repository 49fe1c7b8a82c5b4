package org.levistream.model.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(60)
class IdHasherTest {

    /** Golden values: changing the hash would move every id to another row and silently scramble checkpoints. */
    @ParameterizedTest
    @CsvSource({
        "user-1, 65536, 57176",
        "item-42, 65536, 30581",
        "A1B2C3D4E5, 1000, 263",
        "'', 7, 5",
        "ünïcödé, 65536, 20948"
    })
    void bucketsAreStableAcrossReleases(String id, int buckets, long expected) {
        assertThat(IdHasher.bucket(id, buckets)).isEqualTo(expected);
    }

    /** The hot loops' overload must put every id in the row the concatenated string gets, non-ASCII ids too. */
    @Test
    void prefixedBucketIsTheBucketOfTheConcatenation() {
        var random = new java.util.SplittableRandom(11);
        String alphabet = "abcXYZ019-_ ~\u00e9\u00fc\u4e2d\uD83D\uDE00";
        for (int n = 0; n < 20_000; n++) {
            StringBuilder id = new StringBuilder();
            int length = random.nextInt(0, 12);
            for (int i = 0; i < length; i++) {
                // Mostly ASCII, as ids are; a non-ASCII char now and then takes the long way.
                int at = random.nextInt(100) < 95 ? random.nextInt(13) : random.nextInt(alphabet.length());
                id.append(alphabet.charAt(at));
            }
            String prefix = n % 3 == 0 ? "user-" : n % 3 == 1 ? "item-" : "\u00fcser-";
            int buckets = random.nextInt(1, 1 << 20);
            assertThat(IdHasher.bucket(prefix, id.toString(), buckets)).as("%s%s", prefix, id)
                    .isEqualTo(IdHasher.bucket(prefix + id, buckets));
        }
        assertThatThrownBy(() -> IdHasher.bucket("user-", "x", 0)).hasMessageContaining("buckets was 0");
    }

    @Test
    void bucketsStayInRangeAndSpreadIds() {
        int buckets = 16;
        int[] counts = new int[buckets];
        for (int i = 0; i < 16_000; i++) {
            long b = IdHasher.bucket("user-" + i, buckets);
            assertThat(b).isBetween(0L, buckets - 1L);
            counts[(int) b]++;
        }
        for (int c : counts) {
            assertThat(c).isBetween(850, 1150);
        }
    }

    @Test
    void rejectsFewerThanOneBucket() {
        assertThatThrownBy(() -> IdHasher.bucket("x", 0)).hasMessageContaining("buckets was 0 but must be at least 1");
    }

    @Test
    void towerReportsTheDistinctRowsEachTableTouches() {
        HashedIdTower tower = new HashedIdTower(SmallModelSpec.hashedIds(2, 10, 3, 4));
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDList input = new NDList(m.create(new long[] {3, 1, 3, 9, 0, 1}, new Shape(3, 2)));

            var rows = tower.touchedRows(input);

            assertThat(rows.keySet()).containsExactly("table0", "table1");
            assertThat(rows.get("table0")).containsExactly(0, 3);
            assertThat(rows.get("table1")).containsExactly(1, 9);
        }
    }
}
