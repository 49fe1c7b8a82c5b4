package org.levistream.bench.measure;

import java.util.Arrays;

/** The median the benchmarks report over their rounds. */
public final class Medians {
    private Medians() {
    }

    /**
     * Returns the middle value, or the mean of the two middle ones for an even count.
     *
     * @param values at least one value; not changed
     * @return the median
     * @throws IllegalArgumentException when there are no values
     */
    public static double of(double... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("a median needs at least one value");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
