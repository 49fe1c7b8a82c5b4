package org.levistream.model.task;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class IdRowsTest {

    @Test
    void eachFieldGetsItsSortedDistinctRowsAndTheLargestRowIsKept() {
        var random = new SplittableRandom(23);
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            for (int n = 0; n < 200; n++) {
                int fields = random.nextInt(1, 4);
                int batch = random.nextInt(0, 300);
                long[] ids = new long[batch * fields];
                for (int i = 0; i < ids.length; i++) {
                    ids[i] = random.nextInt(0, random.nextBoolean() ? 8 : 5_000);   // many repeats, or few
                }
                long[] original = ids.clone();

                IdRows rows = IdRows.of(ids, fields, m);

                long max = -1;
                for (int f = 0; f < fields; f++) {
                    TreeSet<Long> expected = new TreeSet<>();
                    for (int i = 0; i < batch; i++) {
                        expected.add(ids[i * fields + f]);
                    }
                    assertThat(rows.rows().get(f).toLongArray()).containsExactly(
                            expected.stream().mapToLong(Long::longValue).toArray());
                    max = expected.isEmpty() ? max : Math.max(max, expected.last());
                }
                assertThat(rows.maxRow()).isEqualTo(max);
                assertThat(ids).as("the builder's ids are left alone").isEqualTo(original);
            }
        }
    }
}
