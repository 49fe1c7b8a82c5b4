package org.levistream.trainer.batching;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.levistream.trainer.position.PartitionOffsets;

/**
 * The records of one batch, chosen by the {@link PartitionRotation}, and where every partition stands after it.
 *
 * <p>Made on the feed's thread, which also works out here what the training thread needs to know of the records (their
 * schema ids): reading 200 records that another core has just written costs the training step about 20 microseconds.
 *
 * @param records     the decoded records, in batch order; empty only for the end marker of a bounded run
 * @param nextOffsets the next offset of every input partition once this batch is trained
 * @param cursor      the partition whose turn is next
 * @param counts      decoded records per partition in this batch
 * @param poison      poison records passed over per partition while composing this batch
 * @param schemaIds   the writer schema ids of the decoded records, each once, in order of first appearance
 * @param skipped     whether a live trainer skipped a silent partition's turn while composing it, so that its
 *                    composition depended on arrival times
 * @param last        whether the run's end point is reached after this batch
 * @param epoch       the pass over the stretch that the batch belongs to, from 1 ({@code trainer.epochs})
 * @param epochEnd    whether the batch ends its pass: the stretch's end is reached after it (always so with
 *                    {@code last}); a following pass begins again at the stretch's start
 * @param <E>         the decoded records' type
 */
public record ComposedBatch<E>(List<Fetched<E>> records, Map<TopicPartition, Long> nextOffsets, TopicPartition cursor,
                            Map<TopicPartition, Integer> counts, Map<TopicPartition, Integer> poison,
                            Set<Integer> schemaIds, boolean skipped, boolean last, int epoch, boolean epochEnd) {
    /** Copies the collections in canonical order. */
    public ComposedBatch {
        records = List.copyOf(records);
        nextOffsets = Collections.unmodifiableMap(PartitionOffsets.sortedCopy(nextOffsets));
        counts = Collections.unmodifiableMap(PartitionOffsets.sortedCopy(counts));
        poison = Collections.unmodifiableMap(PartitionOffsets.sortedCopy(poison));
        schemaIds = Collections.unmodifiableSet(new LinkedHashSet<>(schemaIds));
        if (epoch < 1 || (last && !epochEnd)) {
            throw new IllegalArgumentException("a batch of pass " + epoch + " that ends the run (last " + last
                    + ") must end its pass (epochEnd " + epochEnd + "), and passes count from 1");
        }
    }

    /**
     * Composes a batch of a run's one pass, finding its records' schema ids.
     *
     * @param records     the decoded records, in batch order
     * @param nextOffsets the next offset of every input partition once this batch is trained
     * @param cursor      the partition whose turn is next
     * @param counts      decoded records per partition in this batch
     * @param poison      poison records passed over per partition
     * @param skipped     whether a silent partition's turn was skipped
     * @param last        whether the run's end point is reached after this batch
     */
    public ComposedBatch(List<Fetched<E>> records, Map<TopicPartition, Long> nextOffsets, TopicPartition cursor,
                         Map<TopicPartition, Integer> counts, Map<TopicPartition, Integer> poison, boolean skipped,
                         boolean last) {
        this(records, nextOffsets, cursor, counts, poison, skipped, last, 1, last);
    }

    /**
     * Composes a batch, finding its records' schema ids.
     *
     * @param records     the decoded records, in batch order
     * @param nextOffsets the next offset of every input partition once this batch is trained
     * @param cursor      the partition whose turn is next
     * @param counts      decoded records per partition in this batch
     * @param poison      poison records passed over per partition
     * @param skipped     whether a silent partition's turn was skipped
     * @param last        whether the run's end point is reached after this batch
     * @param epoch       the pass the batch belongs to, from 1
     * @param epochEnd    whether the batch ends its pass
     */
    public ComposedBatch(List<Fetched<E>> records, Map<TopicPartition, Long> nextOffsets, TopicPartition cursor,
                         Map<TopicPartition, Integer> counts, Map<TopicPartition, Integer> poison, boolean skipped,
                         boolean last, int epoch, boolean epochEnd) {
        this(records, nextOffsets, cursor, counts, poison, schemaIdsOf(records), skipped, last, epoch, epochEnd);
    }

    private static Set<Integer> schemaIdsOf(List<? extends Fetched<?>> records) {
        Set<Integer> ids = new LinkedHashSet<>();
        int last = -1;
        for (Fetched<?> f : records) {
            // Records of a stretch nearly always share one schema id: skip the set for a repeat.
            if (f.schemaId() >= 0 && f.schemaId() != last) {
                ids.add(f.schemaId());
                last = f.schemaId();
            }
        }
        return ids;
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
