package org.levistream.evaluator.report;

import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
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
        SummaryStatistics s = summary(values);
        double half = halfWidth(s);
        return new MetricInterval(metric, s.getMean(), s.getMean() - half, s.getMean() + half, values.length);
    }

    static MetricInterval rmse(double[] squaredErrors) {
        SummaryStatistics s = summary(squaredErrors);
        double half = halfWidth(s);
        return new MetricInterval(Metrics.RMSE, Math.sqrt(s.getMean()), Math.sqrt(Math.max(0, s.getMean() - half)),
                Math.sqrt(s.getMean() + half), squaredErrors.length);
    }

    static MetricInterval accuracy(boolean[] correct) {
        int n = correct.length;
        int right = 0;
        for (boolean c : correct) {
            right += c ? 1 : 0;
        }
        double p = (double) right / n;
        double centre = (p + Z * Z / (2.0 * n)) / (1 + Z * Z / n);
        double half = Z / (1 + Z * Z / n) * Math.sqrt(p * (1 - p) / n + Z * Z / (4.0 * n * n));
        return n < 2 ? new MetricInterval(Metrics.ACCURACY, p, Double.NaN, Double.NaN, n)
                : new MetricInterval(Metrics.ACCURACY, p, centre - half, centre + half, n);
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

    private static SummaryStatistics summary(double[] values) {
        SummaryStatistics s = new SummaryStatistics();
        for (double v : values) {
            s.addValue(v);
        }
        return s;
    }

    private static double halfWidth(SummaryStatistics s) {
        if (s.getN() < 2) {
            return Double.NaN;
        }
        double t = new TDistribution(s.getN() - 1).inverseCumulativeProbability(0.975);
        return t * s.getStandardDeviation() / Math.sqrt(s.getN());
    }
}
