package org.levistream.evaluator.report;

import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.TDistribution;
import org.levistream.model.levi.TaskKind;
import org.levistream.model.metrics.Calibration;
import org.levistream.model.metrics.ExampleLosses;
import org.levistream.model.metrics.Metrics;

/**
 * A scoring's metrics with two-sided 95% confidence intervals, from the per-example terms the metrics are sums of (so
 * each value equals what {@code Scorer} reports for the same examples). The intervals treat the held-out sample as
 * drawn at random from its topic:
 * <ul>
 *   <li>MAE and NLL, means of per-example losses: Student's t;</li>
 *   <li>RMSE: the t interval of the mean squared error, square-rooted at both ends (a monotone transform keeps the
 *       coverage);</li>
 *   <li>accuracy: Wilson's score interval, which stays inside [0, 1] and behaves near 0 and 1;</li>
 *   <li>ECE, not a mean of per-example terms: the percentile bootstrap, seeded.</li>
 * </ul>
 */
public final class MetricIntervals {
    /** The ECE metric's name (the other names are {@link Metrics}'). */
    public static final String ECE = "ece";
    private static final double Z = 1.959964;

    private MetricIntervals() {}

    /**
     * The metrics of one task with their intervals.
     *
     * @param losses    the per-example terms
     * @param resamples bootstrap resamples for ECE
     * @param seed      the bootstrap's seed
     * @return RMSE and MAE for ratings; accuracy, NLL and ECE for classes
     */
    public static List<MetricInterval> of(ExampleLosses losses, int resamples, long seed) {
        if (losses.task() == TaskKind.RATING) {
            return List.of(rmse(losses.squaredErrors()), mean(Metrics.MAE, losses.absoluteErrors()));
        }
        return List.of(accuracy(losses.correct()), mean(Metrics.NLL, losses.nll()),
                ece(losses.confidence(), losses.correct(), resamples, seed));
    }

    static MetricInterval mean(String metric, double[] values) {
        Sums s = Sums.of(values);
        return mean(metric, values.length, s.sum(), s.sumOfSquares());
    }

    static MetricInterval rmse(double[] squaredErrors) {
        Sums s = Sums.of(squaredErrors);
        return rmse(squaredErrors.length, s.sum(), s.sumOfSquares());
    }

    static MetricInterval accuracy(boolean[] correct) {
        int right = 0;
        for (boolean c : correct) {
            right += c ? 1 : 0;
        }
        return accuracy(correct.length, right);
    }

    /**
     * A mean loss with its t interval, from running sums (what a window keeps).
     *
     * @param metric       the metric
     * @param n            examples
     * @param sum          the sum of the losses
     * @param sumOfSquares the sum of their squares
     * @return the mean with its interval; no interval below 2 examples
     */
    public static MetricInterval mean(String metric, long n, double sum, double sumOfSquares) {
        double mean = sum / n;
        double half = halfWidth(n, sum, sumOfSquares);
        return new MetricInterval(metric, mean, mean - half, mean + half, (int) n);
    }

    /**
     * RMSE with the t interval of the mean squared error, square-rooted, from running sums.
     *
     * @param n            examples
     * @param sum          the sum of the squared errors
     * @param sumOfSquares the sum of their squares
     * @return RMSE with its interval
     */
    public static MetricInterval rmse(long n, double sum, double sumOfSquares) {
        double mean = sum / n;
        double half = halfWidth(n, sum, sumOfSquares);
        return new MetricInterval(Metrics.RMSE, Math.sqrt(mean), Math.sqrt(Math.max(0, mean - half)),
                Math.sqrt(mean + half), (int) n);
    }

    /**
     * Accuracy with Wilson's score interval.
     *
     * @param n     examples
     * @param right examples classified right
     * @return accuracy with its interval
     */
    public static MetricInterval accuracy(long n, long right) {
        double p = (double) right / n;
        if (n < 2) {
            return new MetricInterval(Metrics.ACCURACY, p, Double.NaN, Double.NaN, (int) n);
        }
        double centre = (p + Z * Z / (2.0 * n)) / (1 + Z * Z / n);
        double half = Z / (1 + Z * Z / n) * Math.sqrt(p * (1 - p) / n + Z * Z / (4.0 * n * n));
        return new MetricInterval(Metrics.ACCURACY, p, centre - half, centre + half, (int) n);
    }

    /** A sum and a sum of squares, accumulated in order (so the mean equals the accumulator's). */
    private record Sums(double sum, double sumOfSquares) {
        static Sums of(double[] values) {
            double sum = 0;
            double squares = 0;
            for (double v : values) {
                sum += v;
                squares += v * v;
            }
            return new Sums(sum, squares);
        }
    }

    static MetricInterval ece(double[] confidence, boolean[] correct, int resamples, long seed) {
        int n = confidence.length;
        double value = Calibration.ece(confidence, correct, java.util.stream.IntStream.range(0, n).toArray());
        if (n < 2) {
            return new MetricInterval(ECE, value, Double.NaN, Double.NaN, n);
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[] draws = new double[resamples];
        int[] idx = new int[n];
        for (int b = 0; b < resamples; b++) {
            for (int i = 0; i < n; i++) {
                idx[i] = random.nextInt(n);
            }
            draws[b] = Calibration.ece(confidence, correct, idx);
        }
        java.util.Arrays.sort(draws);
        return new MetricInterval(ECE, value, draws[(int) Math.floor(0.025 * (resamples - 1))],
                draws[(int) Math.ceil(0.975 * (resamples - 1))], n);
    }

    private static double halfWidth(long n, double sum, double sumOfSquares) {
        if (n < 2) {
            return Double.NaN;
        }
        double mean = sum / n;
        double variance = Math.max(0, (sumOfSquares - n * mean * mean) / (n - 1));
        double t = new TDistribution(n - 1).inverseCumulativeProbability(0.975);
        return t * Math.sqrt(variance / n);
    }
}
