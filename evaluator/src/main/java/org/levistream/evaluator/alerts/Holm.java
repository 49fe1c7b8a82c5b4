package org.levistream.evaluator.alerts;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Holm's step-down correction: which of m hypotheses to reject so that the chance of any false rejection among them
 * stays at most alpha, whatever their dependence. A version's topics (ID and every OOD set) are tested together, so
 * that more OOD topics do not mean more false alarms.
 */
public final class Holm {
    private Holm() {
    }

    /**
     * Decides which hypotheses to reject.
     *
     * @param pValues one p-value per hypothesis
     * @param alpha   the family-wise error rate, in (0, 1)
     * @return for each hypothesis, in the given order, whether it is rejected
     */
    public static boolean[] reject(double[] pValues, double alpha) {
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1), was " + alpha);
        }
        int m = pValues.length;
        Integer[] order = IntStream.range(0, m).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> pValues[i]));
        boolean[] rejected = new boolean[m];
        for (int k = 0; k < m; k++) {
            if (pValues[order[k]] > alpha / (m - k)) {
                break;   // step-down: once one is kept, every larger p-value is kept too
            }
            rejected[order[k]] = true;
        }
        return rejected;
    }
}
