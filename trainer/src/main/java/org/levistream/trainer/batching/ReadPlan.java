package org.levistream.trainer.batching;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Where reading starts and stops: the input partitions, the next offset of each, the rotation's first turn and, for a
 * bounded run, the end offsets.
 *
 * @param partitions the input partitions
 * @param next       the next offset of every partition
 * @param cursor     the rotation's first turn, or {@code null} for the first partition in order
 * @param end        exclusive end offsets of a bounded run; empty for a live one
 */
public record ReadPlan(List<TopicPartition> partitions, Map<TopicPartition, Long> next, TopicPartition cursor,
                       Map<TopicPartition, Long> end) {
    /** Copies the collections. */
    public ReadPlan {
        partitions = List.copyOf(partitions);
        next = Map.copyOf(next);
        end = Map.copyOf(end);
    }
}
