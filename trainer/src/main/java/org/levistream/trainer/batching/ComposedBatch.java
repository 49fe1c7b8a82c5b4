package org.levistream.trainer.batching;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.levistream.trainer.position.PartitionOffsets;

/**
 * The records of one batch, chosen by the {@link PartitionRotation}, and where every partition stands after it.
 *
 * @param records     the decoded records, in batch order; empty only for the end marker of a bounded run
 * @param nextOffsets the next offset of every input partition once this batch is trained
 * @param cursor      the partition whose turn is next
 * @param counts      decoded records per partition in this batch
 * @param poison      poison records passed over per partition while composing this batch
 * @param skipped     whether a live trainer skipped a silent partition's turn while composing it, so that its
 *                    composition depended on arrival times
 * @param last        whether the run's end point is reached after this batch
 */
public record ComposedBatch(List<Fetched> records, Map<TopicPartition, Long> nextOffsets, TopicPartition cursor,
                            Map<TopicPartition, Integer> counts, Map<TopicPartition, Integer> poison, boolean skipped,
                            boolean last) {
    /** Copies the collections in canonical order. */
    public ComposedBatch {
        records = List.copyOf(records);
        nextOffsets = Collections.unmodifiableMap(PartitionOffsets.sortedCopy(nextOffsets));
        counts = Collections.unmodifiableMap(PartitionOffsets.sortedCopy(counts));
        poison = Collections.unmodifiableMap(PartitionOffsets.sortedCopy(poison));
    }

    /**
     * Returns the number of records.
     *
     * @return the batch size
     */
    public int size() {
        return records.size();
    }
}
