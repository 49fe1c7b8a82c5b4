package org.levistream.trainer.batching;

import java.util.Objects;
import org.apache.kafka.common.TopicPartition;

/**
 * One record read from an input partition: decoded, or poison (already dead-lettered) when {@code event} is null.
 * Poison records take no place in a batch but still move their partition's next offset.
 *
 * @param partition where it was read
 * @param offset    its offset
 * @param timestamp its Kafka timestamp (epoch milliseconds): the produce time for freshness
 * @param schemaId  the writer schema id from its header, or -1 when it had none
 * @param event     the decoded record, or {@code null} for poison
 * @param <E>       the decoded record's type: what the trainer's {@link RecordDecoder} makes of the bytes
 */
public record Fetched<E>(TopicPartition partition, long offset, long timestamp, int schemaId, E event) {
    /** Checks the partition and offset. */
    public Fetched {
        Objects.requireNonNull(partition, "partition");
        if (offset < 0) {
            throw new IllegalArgumentException("offset was " + offset + " but must be >= 0");
        }
    }

    /**
     * Tells whether the record was poison.
     *
     * @return true when it could not be decoded or validated
     */
    public boolean poison() {
        return event == null;
    }
}
