package org.levistream.bench.measure;

import java.util.Arrays;
import java.util.Locale;

/**
 * Nearest-rank percentiles of a sample, in milliseconds.
 *
 * @param count how many values
 * @param p50   the median
 * @param p99   the 99th percentile
 * @param max   the largest
 */
public record Percentiles(int count, long p50, long p99, long max) {
    /**
     * Computes the percentiles.
     *
     * @param values the sample; not modified
     * @return the percentiles; zeros for an empty sample
     */
    public static Percentiles of(long[] values) {
        if (values.length == 0) {
            return new Percentiles(0, 0, 0, 0);
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return new Percentiles(sorted.length, rank(sorted, 0.50), rank(sorted, 0.99), sorted[sorted.length - 1]);
    }

    private static long rank(long[] sorted, double p) {
        int i = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "p50 %,d ms, p99 %,d ms, max %,d ms (n=%,d)", p50, p99, max, count);
    }
}
