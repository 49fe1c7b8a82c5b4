package org.levistream.bench.evaluator;

import java.util.Locale;

/**
 * A count out of a number of trials, with Wilson's 95% score interval, which stays inside [0, 1] and keeps its
 * coverage near 0 and 1 where the normal interval fails (a false-alarm rate of 3 in 200 is such a case).
 *
 * @param count  successes
 * @param trials trials, at least 0
 */
public record Proportion(int count, int trials) {
    private static final double Z = 1.959964;

    /** Checks the counts. */
    public Proportion {
        if (trials < 0 || count < 0 || count > trials) {
            throw new IllegalArgumentException("count " + count + " of " + trials + " trials is not a proportion");
        }
    }

    /**
     * The share; NaN with no trials.
     *
     * @return count / trials
     */
    public double rate() {
        return trials == 0 ? Double.NaN : (double) count / trials;
    }

    /**
     * Wilson's interval's lower end.
     *
     * @return in [0, 1]; NaN with no trials
     */
    public double low() {
        return wilson(-1);
    }

    /**
     * Wilson's interval's upper end.
     *
     * @return in [0, 1]; NaN with no trials
     */
    public double high() {
        return wilson(1);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d/%d = %.3f [%.3f, %.3f]", count, trials, rate(), low(), high());
    }

    private double wilson(int sign) {
        if (trials == 0) {
            return Double.NaN;
        }
        double n = trials;
        double p = count / n;
        double denominator = 1 + Z * Z / n;
        double centre = (p + Z * Z / (2 * n)) / denominator;
        double half = Z * Math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n)) / denominator;
        return Math.max(0, Math.min(1, centre + sign * half));
    }
}
