package org.levistream.trainer.checkpoint;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.levistream.model.metrics.Metrics;

/**
 * Which checkpoints to keep: the newest {@code retainLast}, and the {@code retainBest} best by ID validation among
 * the rest. Everything else may go.
 *
 * <p>"Best" follows the task's selection metric ({@link Metrics#selectionMetric}), the one the offline protocol
 * chooses learning rates by: the lowest RMSE for a rating model; the highest accuracy for a classifier, ties (common
 * on a held-out sample of a few hundred images) going to the lower NLL. Remaining ties go to the newer checkpoint.
 * A checkpoint without either metric (no held-out topic) is never "best".
 *
 * @param retainLast newest kept, at least 1
 * @param retainBest best kept besides the newest, at least 0
 */
public record Retention(int retainLast, int retainBest) {
    /**
     * A checkpoint as retention sees it.
     *
     * @param step       its step
     * @param validation its ID-validation metrics ({@code rmse}, or {@code accuracy} and {@code nll}); empty
     *                   without validation
     */
    public record Candidate(long step, Map<String, Double> validation) {
        /** Copies the metrics. */
        public Candidate {
            validation = Map.copyOf(validation);
        }

        /** Lower is better, compared element by element; {@code null} when the validation names no criterion. */
        double[] rank() {
            Double rmse = validation.get(Metrics.RMSE);
            if (rmse != null && !rmse.isNaN()) {
                return new double[] {rmse};
            }
            Double accuracy = validation.get(Metrics.ACCURACY);
            if (accuracy != null && !accuracy.isNaN()) {
                Double nll = validation.get(Metrics.NLL);
                return new double[] {-accuracy, nll == null || nll.isNaN() ? Double.POSITIVE_INFINITY : nll};
            }
            return null;
        }
    }

    private static final Comparator<double[]> LOWER_FIRST = (a, b) -> {
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            int c = Double.compare(a[i], b[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.length, b.length);
    };

    /** Checks the counts. */
    public Retention {
        if (retainLast < 1 || retainBest < 0) {
            throw new IllegalArgumentException("retainLast must be >= 1 and retainBest >= 0, were " + retainLast + ", "
                    + retainBest);
        }
    }

    /**
     * Picks the checkpoints to delete.
     *
     * @param candidates every complete checkpoint, in any order
     * @return the steps to delete, oldest first
     */
    public List<Long> toDelete(List<Candidate> candidates) {
        List<Candidate> byStep = new ArrayList<>(candidates);
        byStep.sort(Comparator.comparingLong(Candidate::step).reversed());
        Set<Long> keep = new HashSet<>();
        byStep.stream().limit(retainLast).forEach(c -> keep.add(c.step()));
        byStep.stream().filter(c -> c.rank() != null)
                .sorted(Comparator.comparing(Candidate::rank, LOWER_FIRST)
                        .thenComparing(Comparator.comparingLong(Candidate::step).reversed()))
                .limit(retainBest).forEach(c -> keep.add(c.step()));
        return byStep.stream().map(Candidate::step).filter(s -> !keep.contains(s)).sorted().toList();
    }
}
