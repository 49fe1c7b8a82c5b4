package org.levistream.evaluator.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Expected values computed independently with SciPy 1.x (scipy.stats.t, norm, binom) and NumPy. */
class PairedTestsTest {

    @Test
    void pairedTOnAdditiveLosses() {
        double[] reference = {0, 0, 0, 0, 0};
        double[] candidate = {1, 2, 3, 4, 5};

        Degradation d = PairedTests.meanLoss("mae", candidate, reference, Margin.absolute(0));

        assertThat(d.difference()).isEqualTo(3.0);
        assertThat(d.pValue()).isCloseTo(0.006617799781841294, within(1e-9));
        assertThat(d.high() - d.difference()).isCloseTo(1.9632431614775572, within(1e-9));
        assertThat(d.rule()).isEqualTo("paired t, one-sided, margin 0.0");
    }

    @Test
    void aMarginAbsorbsADifferenceBelowIt() {
        double[] reference = {1, 1, 1, 1};
        double[] candidate = {1.01, 1.02, 1.01, 1.02};

        assertThat(PairedTests.meanLoss("nll", candidate, reference, Margin.absolute(0)).pValue()).isLessThan(0.01);
        assertThat(PairedTests.meanLoss("nll", candidate, reference, Margin.relative(0.05)).pValue())
                .isGreaterThan(0.99);
    }

    @Test
    void deltaMethodOnRmse() {
        double[] candidate = {1.0, 4.0, 0.25, 2.25, 9.0, 1.0};
        double[] reference = {1.0, 1.0, 0.25, 1.0, 4.0, 0.25};

        Degradation d = PairedTests.rmse(candidate, reference, Margin.absolute(0.1));

        assertThat(d.difference()).isCloseTo(0.5897911389100381, within(1e-12));
        assertThat(d.pValue()).isCloseTo(0.0015334315644528473, within(1e-9));
        assertThat(d.high() - d.difference()).isCloseTo(1.959963984540054 * 0.16541658588830585, within(1e-9));
    }

    @Test
    void identicalVersionsAreNeverDegraded() {
        double[] same = {0.5, 2.0, 1.5, 0.1};

        assertThat(PairedTests.rmse(same, same.clone(), Margin.absolute(0)).pValue()).isEqualTo(1.0);
        assertThat(PairedTests.meanLoss("mae", same, same.clone(), Margin.absolute(0)).pValue()).isEqualTo(1.0);
        boolean[] right = {true, false, true};
        assertThat(PairedTests.accuracy(right, right.clone(), Margin.absolute(0)).pValue()).isEqualTo(1.0);
    }

    @Test
    void exactMcNemarOnTheDiscordantPairs() {
        boolean[] candidate = new boolean[100];
        boolean[] reference = new boolean[100];
        java.util.Arrays.fill(candidate, true);
        java.util.Arrays.fill(reference, true);
        for (int i = 0; i < 8; i++) {
            candidate[i] = false;        // 8 examples only the candidate gets wrong
        }
        reference[50] = false;           // 2 only the reference gets wrong
        reference[51] = false;

        Degradation d = PairedTests.accuracy(candidate, reference, Margin.absolute(0));

        assertThat(d.pValue()).isEqualTo(0.0546875);   // P(Binomial(10, 1/2) >= 8) = 56 / 1024
        assertThat(d.candidate()).isEqualTo(0.08);
        assertThat(d.reference()).isEqualTo(0.02);
        assertThat(d.difference()).isCloseTo(0.06, within(1e-12));
    }

    @Test
    void bootstrapKeepsThePairing() {
        var random = new SplittableRandom(3);
        double[] reference = new double[400];
        double[] worse = new double[400];
        for (int i = 0; i < reference.length; i++) {
            reference[i] = random.nextDouble() * 10;     // large spread between examples ...
            worse[i] = reference[i] + 0.05;              // ... and a small, constant degradation
        }
        PairedTests.Statistic ref = idx -> mean(reference, idx);
        PairedTests.Statistic cand = idx -> mean(worse, idx);

        Degradation d = PairedTests.bootstrap("mean", 400, cand, ref, Margin.absolute(0), 999, 7);

        assertThat(d.pValue()).isEqualTo(1.0 / 1000);   // no resample shows it better
        assertThat(d.difference()).isCloseTo(0.05, within(1e-9));
        assertThat(PairedTests.bootstrap("mean", 400, ref, ref, Margin.absolute(0), 999, 7).pValue()).isEqualTo(1.0);
    }

    @Test
    void refusesVersionsScoredOnDifferentExamples() {
        assertThatThrownBy(() -> PairedTests.meanLoss("mae", new double[3], new double[2], Margin.absolute(0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("both versions must be scored on the same examples: 3 vs 2");
    }

    @Test
    void rejectsEqualVersionsAboutAlphaOfTheTimeAndClearlyWorseOnesAlmostAlways() {
        // Two versions of equal quality: independent errors of the same spread on the same 300 examples.
        var random = new SplittableRandom(11);
        int trials = 400;
        int falseAlarms = 0;
        int detections = 0;
        for (int t = 0; t < trials; t++) {
            double[] a = new double[300];
            double[] b = new double[300];
            double[] worse = new double[300];
            for (int i = 0; i < a.length; i++) {
                double shared = random.nextGaussian() * 0.7;           // the example's own difficulty
                double ea = shared + random.nextGaussian() * 0.3;
                double eb = shared + random.nextGaussian() * 0.3;
                a[i] = ea * ea;
                b[i] = eb * eb;
                worse[i] = a[i] * 1.21;                              // an RMSE 10% above version a's
            }
            falseAlarms += PairedTests.rmse(a, b, Margin.absolute(0)).pValue() <= 0.05 ? 1 : 0;
            detections += PairedTests.rmse(worse, b, Margin.absolute(0)).pValue() <= 0.05 ? 1 : 0;
        }
        // Binomial(400, 0.05): mean 20, sd 4.4; 35 is more than 3 sd above.
        assertThat(falseAlarms).isBetween(5, 35);
        assertThat(detections).isGreaterThan(trials * 9 / 10);
    }

    private static double mean(double[] x, int[] indices) {
        double s = 0;
        for (int i : indices) {
            s += x[i];
        }
        return s / indices.length;
    }
}
