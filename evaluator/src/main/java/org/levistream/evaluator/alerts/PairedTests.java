package org.levistream.evaluator.alerts;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * One-sided paired tests of "the candidate is worse than the reference by more than a margin", on the same held-out
 * examples scored by both versions. Pairing removes the examples' own difficulty from the comparison, so a small
 * degradation is found with far fewer examples than by comparing two summary values.
 *
 * <table>
 *   <caption>Which test for which metric</caption>
 *   <tr><th>metric</th><th>per example</th><th>test</th></tr>
 *   <tr><td>MAE, NLL (additive losses)</td><td>loss difference d_i</td><td>paired t on mean(d) - margin</td></tr>
 *   <tr><td>RMSE</td><td>both squared errors</td><td>delta method: the normal approximation of
 *       sqrt(mean a) - sqrt(mean b) from the joint covariance of the squared errors</td></tr>
 *   <tr><td>accuracy</td><td>both 0/1 errors</td><td>exact McNemar: the discordant pairs, binomial; with a
 *       margin the null proportion is 1/2 + margin n / (2 discordant) (the observed discordance plugged in)</td></tr>
 *   <tr><td>ECE (not additive)</td><td>confidence and correctness</td><td>paired bootstrap: both versions on the
 *       same resampled examples, p = (1 + #{d* &lt;= margin}) / (B + 1)</td></tr>
 * </table>
 *
 * <p>Intervals are two-sided 95%: Student's t for the paired t, normal for the delta method, Wald for McNemar's
 * difference of error rates, percentiles for the bootstrap.
 */
public final class PairedTests {
    private static final NormalDistribution NORMAL = new NormalDistribution(null, 0, 1);
    private static final double Z_975 = NORMAL.inverseCumulativeProbability(0.975);

    private PairedTests() {
    }

    /**
     * Paired t-test for an additive per-example loss (absolute error, NLL, squared error).
     *
     * @param metric    the metric's name
     * @param candidate the candidate's loss on each example
     * @param reference the reference's loss on the same examples, in the same order
     * @param margin    how much worse the mean loss may be
     * @return the outcome
     */
    public static Degradation meanLoss(String metric, double[] candidate, double[] reference, Margin margin) {
        int n = sameLength(candidate.length, reference.length);
        double meanC = mean(candidate);
        double meanR = mean(reference);
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = candidate[i] - reference[i];
        }
        double diff = mean(d);
        double se = Math.sqrt(variance(d, diff) / n);
        double delta = margin.absoluteFor(meanR);
        double p;
        double half;
        if (n < 2 || se == 0) {
            p = diff > delta ? 0 : 1;
            half = 0;
        } else {
            TDistribution t = new TDistribution(null, n - 1);
            p = 1 - t.cumulativeProbability((diff - delta) / se);
            half = t.inverseCumulativeProbability(0.975) * se;
        }
        return new Degradation(metric, n, meanC, meanR, diff, diff - half, diff + half, delta, clamp(p),
                "paired t, one-sided, margin " + margin);
    }

    /**
     * Delta-method test for the difference of two RMSEs on the same examples.
     *
     * @param candidateSquared the candidate's squared error on each example
     * @param referenceSquared the reference's squared error on the same examples
     * @param margin           how much worse the RMSE may be
     * @return the outcome, in RMSE units
     */
    public static Degradation rmse(double[] candidateSquared, double[] referenceSquared, Margin margin) {
        int n = sameLength(candidateSquared.length, referenceSquared.length);
        double a = mean(candidateSquared);
        double b = mean(referenceSquared);
        double rmseC = Math.sqrt(a);
        double rmseR = Math.sqrt(b);
        double diff = rmseC - rmseR;
        double delta = margin.absoluteFor(rmseR);
        // d(sqrt x)/dx = 1 / (2 sqrt x); Var(mean) = sample covariance / n.
        double ga = rmseC == 0 ? 0 : 1 / (2 * rmseC);
        double gb = rmseR == 0 ? 0 : -1 / (2 * rmseR);
        double va = variance(candidateSquared, a);
        double vb = variance(referenceSquared, b);
        double cov = covariance(candidateSquared, a, referenceSquared, b);
        double se = Math.sqrt(Math.max(0, ga * ga * va + gb * gb * vb + 2 * ga * gb * cov) / n);
        double p = se == 0 ? (diff > delta ? 0 : 1) : 1 - NORMAL.cumulativeProbability((diff - delta) / se);
        return new Degradation("rmse", n, rmseC, rmseR, diff, diff - Z_975 * se, diff + Z_975 * se, delta, clamp(p),
                "delta method, one-sided, margin " + margin);
    }

    /**
     * Exact McNemar test on the examples the two versions classify differently.
     *
     * @param candidateCorrect whether the candidate got each example right
     * @param referenceCorrect whether the reference got the same example right
     * @param margin           how much higher the candidate's error rate may be (relative: a share of the
     *                         reference's error rate)
     * @return the outcome, in error-rate units (1 - accuracy)
     */
    public static Degradation accuracy(boolean[] candidateCorrect, boolean[] referenceCorrect, Margin margin) {
        int n = sameLength(candidateCorrect.length, referenceCorrect.length);
        int onlyCandidateWrong = 0;
        int onlyReferenceWrong = 0;
        int candidateWrong = 0;
        int referenceWrong = 0;
        for (int i = 0; i < n; i++) {
            candidateWrong += candidateCorrect[i] ? 0 : 1;
            referenceWrong += referenceCorrect[i] ? 0 : 1;
            if (candidateCorrect[i] != referenceCorrect[i]) {
                if (candidateCorrect[i]) {
                    onlyReferenceWrong++;
                } else {
                    onlyCandidateWrong++;
                }
            }
        }
        double errC = n == 0 ? 0 : (double) candidateWrong / n;
        double errR = n == 0 ? 0 : (double) referenceWrong / n;
        double diff = errC - errR;
        double delta = margin.absoluteFor(errR);
        int discordant = onlyCandidateWrong + onlyReferenceWrong;
        double p;
        if (discordant == 0) {
            p = 1;
        } else {
            double nullShare = 0.5 + delta * n / (2.0 * discordant);
            p = nullShare >= 1 ? 1 : 1 - new BinomialDistribution(null, discordant, nullShare)
                    .cumulativeProbability(onlyCandidateWrong - 1);
        }
        double var = n == 0 ? 0 : (discordant - (double) (onlyCandidateWrong - onlyReferenceWrong)
                * (onlyCandidateWrong - onlyReferenceWrong) / n) / ((double) n * n);
        double half = Z_975 * Math.sqrt(Math.max(0, var));
        return new Degradation("accuracy", n, errC, errR, diff, diff - half, diff + half, delta, clamp(p),
                "exact McNemar, one-sided, margin " + margin);
    }

    /** A statistic of the examples at the given indices (a resample: indices repeat). */
    @FunctionalInterface
    public interface Statistic {
        /**
         * Computes the statistic.
         *
         * @param indices the examples, with repetition
         * @return the value; larger is worse
         */
        double on(int[] indices);
    }

    /**
     * Paired bootstrap for a statistic that is not a mean of per-example losses (expected calibration error): both
     * versions are scored on the same resampled examples, so their difference keeps the pairing.
     *
     * @param metric     the metric's name
     * @param n          how many examples
     * @param candidate  the candidate's statistic on a resample
     * @param reference  the reference's statistic on the same resample
     * @param margin     how much worse the statistic may be
     * @param resamples  bootstrap resamples, at least 1 (1,000 gives p-values to about 0.001)
     * @param seed       the resampling seed, so that a restart reaches the same verdict
     * @return the outcome
     */
    public static Degradation bootstrap(String metric, int n, Statistic candidate, Statistic reference,
                                        Margin margin, int resamples, long seed) {
        if (resamples < 1) {
            throw new IllegalArgumentException("resamples must be at least 1, was " + resamples);
        }
        int[] all = new int[n];
        Arrays.setAll(all, i -> i);
        double valueC = candidate.on(all);
        double valueR = reference.on(all);
        double diff = valueC - valueR;
        double delta = margin.absoluteFor(valueR);
        SplittableRandom random = new SplittableRandom(seed);
        double[] diffs = new double[resamples];
        int atOrBelow = 0;
        int[] sample = new int[n];
        for (int b = 0; b < resamples; b++) {
            for (int i = 0; i < n; i++) {
                sample[i] = random.nextInt(n);
            }
            diffs[b] = candidate.on(sample) - reference.on(sample);
            atOrBelow += diffs[b] <= delta ? 1 : 0;
        }
        Arrays.sort(diffs);
        double p = (1.0 + atOrBelow) / (resamples + 1.0);
        return new Degradation(metric, n, valueC, valueR, diff, percentile(diffs, 0.025), percentile(diffs, 0.975),
                delta, clamp(p), "paired bootstrap (" + resamples + " resamples), one-sided, margin " + margin);
    }

    private static double percentile(double[] sorted, double q) {
        int k = (int) Math.floor(q * (sorted.length - 1));
        return sorted[Math.max(0, Math.min(sorted.length - 1, k))];
    }

    private static int sameLength(int a, int b) {
        if (a != b) {
            throw new IllegalArgumentException("both versions must be scored on the same examples: " + a + " vs "
                    + b);
        }
        return a;
    }

    private static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return x.length == 0 ? 0 : s / x.length;
    }

    private static double variance(double[] x, double mean) {
        return covariance(x, mean, x, mean);
    }

    private static double covariance(double[] x, double meanX, double[] y, double meanY) {
        if (x.length < 2) {
            return 0;
        }
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += (x[i] - meanX) * (y[i] - meanY);
        }
        return s / (x.length - 1);
    }

    private static double clamp(double p) {
        return Math.max(0, Math.min(1, p));
    }
}
