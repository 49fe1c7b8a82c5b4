package org.levistream.trainer.checkpoint;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which checkpoints to keep: the newest {@code retainLast}, and the {@code retainBest} with the lowest ID-validation
 * RMSE among the rest (checkpoints without validation are never "best"). Everything else may go.
 *
 * @param retainLast newest kept, at least 1
 * @param retainBest best kept besides the newest, at least 0
 */
public record Retention(int retainLast, int retainBest) {
    /** A checkpoint as retention sees it. */
    public record Candidate(long step, double rmse) {}

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
        byStep.stream().filter(c -> !Double.isNaN(c.rmse()))
                .sorted(Comparator.comparingDouble(Candidate::rmse).thenComparing(Comparator.comparingLong(Candidate::step).reversed()))
                .limit(retainBest).forEach(c -> keep.add(c.step()));
        return byStep.stream().map(Candidate::step).filter(s -> !keep.contains(s)).sorted().toList();
    }
}
