package org.levistream.trainer.batching;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Where reading starts and stops: the input partitions, the next offset of each, the rotation's first turn, for a
 * bounded run the end offsets, and the passes over the stretch before the end.
 *
 * @param partitions the input partitions
 * @param next       the next offset of every partition
 * @param cursor     the rotation's first turn, or {@code null} for the first partition in order
 * @param end        exclusive end offsets of a bounded run; empty for a live one
 * @param epochs     the pass that {@code next} lies in, and where each pass begins
 */
public record ReadPlan(List<TopicPartition> partitions, Map<TopicPartition, Long> next, TopicPartition cursor,
                       Map<TopicPartition, Long> end, EpochPlan epochs) {
    /** Copies the collections; more than one pass needs end offsets. */
    public ReadPlan {
        partitions = List.copyOf(partitions);
        next = Map.copyOf(next);
        end = Map.copyOf(end);
        if (epochs.epochs() > 1 && end.isEmpty()) {
            throw new IllegalArgumentException(epochs.epochs() + " passes need end offsets to go back from");
        }
    }

    /**
     * A plan of one pass, which begins at {@code next}.
     *
     * @param partitions the input partitions
     * @param next       the next offset of every partition
     * @param cursor     the rotation's first turn, or {@code null}
     * @param end        exclusive end offsets of a bounded run; empty for a live one
     */
    public ReadPlan(List<TopicPartition> partitions, Map<TopicPartition, Long> next, TopicPartition cursor,
                    Map<TopicPartition, Long> end) {
        this(partitions, next, cursor, end, EpochPlan.single(next, cursor));
    }
}
