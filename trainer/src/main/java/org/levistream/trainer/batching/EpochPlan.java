package org.levistream.trainer.batching;

import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * The passes over a bounded stretch ({@code trainer.epochs}): which pass a reader is in, how many there are, and where
 * every pass begins. A pass begins at the same offsets with the same first turn, so that every pass composes the same
 * batches; the last batch of a pass may be partial, as the last batch of an offline epoch is.
 *
 * @param epoch       the current pass, from 1
 * @param epochs      the passes in all, at least {@code epoch}
 * @param start       the next offset of every partition when a pass begins
 * @param startCursor the rotation's first turn when a pass begins, or {@code null} for the first partition in order
 */
public record EpochPlan(int epoch, int epochs, Map<TopicPartition, Long> start, TopicPartition startCursor) {
    /** Checks the counts and copies the offsets. */
    public EpochPlan {
        if (epoch < 1 || epochs < epoch) {
            throw new IllegalArgumentException("epoch " + epoch + " of " + epochs + " is not a pass of the run");
        }
        start = Map.copyOf(start);
    }

    /**
     * One pass that begins where the reader begins: a live run, or a bounded run that reads its stretch once.
     *
     * @param next   where the pass begins
     * @param cursor its first turn, or {@code null}
     * @return the plan
     */
    public static EpochPlan single(Map<TopicPartition, Long> next, TopicPartition cursor) {
        return new EpochPlan(1, 1, next, cursor);
    }

    /**
     * Tells whether another pass follows this one.
     *
     * @return true before the last pass
     */
    public boolean more() {
        return epoch < epochs;
    }

    /**
     * Returns the plan of the following pass.
     *
     * @return the same stretch, one pass further
     * @throws IllegalStateException in the last pass
     */
    public EpochPlan following() {
        if (!more()) {
            throw new IllegalStateException("pass " + epoch + " is the last of " + epochs);
        }
        return new EpochPlan(epoch + 1, epochs, start, startCursor);
    }
}
