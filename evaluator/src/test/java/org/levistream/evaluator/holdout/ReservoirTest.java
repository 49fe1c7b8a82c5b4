package org.levistream.evaluator.holdout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ReservoirTest {

    @Test
    void keepsTheFirstRecordsUntilFull() {
        var reservoir = new Reservoir(3, 42, "levi.interactions.holdout");
        assertThat(reservoir.slotOf(0)).isZero();
        assertThat(reservoir.slotOf(2)).isEqualTo(2);
    }

    @Test
    void drawsTheSameSlotsForTheSameSeedAndTopicAndOthersOtherwise() {
        var a = new Reservoir(100, 42, "t");
        var again = new Reservoir(100, 42, "t");
        var otherTopic = new Reservoir(100, 42, "u");
        int same = 0;
        int differs = 0;
        for (long n = 100; n < 10_100; n++) {
            same += a.slotOf(n) == again.slotOf(n) ? 1 : 0;
            differs += a.slotOf(n) != otherTopic.slotOf(n) ? 1 : 0;
        }
        assertThat(same).isEqualTo(10_000);
        assertThat(differs).isGreaterThan(100);
    }

    @Test
    void keepsEveryRecordWithProbabilityCapacityOverCount() {
        // Simulate the reservoir over 20,000 records, 300 times with different seeds; count how often each of
        // four positions survives. Each should survive with probability 100 / 20,000 = 0.005.
        int capacity = 100;
        int count = 20_000;
        long[] probes = {0, 99, 5_000, 19_999};
        int[] kept = new int[probes.length];
        int runs = 300;
        for (int seed = 0; seed < runs; seed++) {
            var reservoir = new Reservoir(capacity, seed, "t");
            long[] slots = new long[capacity];
            for (long n = 0; n < count; n++) {
                int slot = reservoir.slotOf(n);
                if (slot >= 0) {
                    slots[slot] = n;
                }
            }
            for (int p = 0; p < probes.length; p++) {
                for (long s : slots) {
                    if (s == probes[p]) {
                        kept[p]++;
                    }
                }
            }
        }
        int total = 0;
        for (int k : kept) {
            total += k;
        }
        // 4 x 300 x 0.005 = 6 expected in total; a wrong draw (e.g. the first 100 always kept) gives 600.
        assertThat(total).isBetween(0, 20);
        assertThat((double) total / (probes.length * runs)).isCloseTo(0.005, within(0.012));
    }
}
