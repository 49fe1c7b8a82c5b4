package org.levistream.trainer.batching;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.levistream.schemas.serde.WireFormat;

/**
 * Turns one Kafka record's bytes into the record type a {@link BatchBuilder} featurizes, or says why it never can be
 * trained on. One per record type: {@link InteractionRecordDecoder} for {@code levi.interactions},
 * {@link ImageRecordDecoder} for {@code levi.images}. Everything between the two ends (reading, rotating, composing,
 * checkpointing offsets) never looks inside the decoded records.
 *
 * <p>A record that can never be trained on throws {@link PoisonRecordException}: it is dead-lettered whole, counted
 * and passed over, and the stream goes on. A registry that cannot be reached throws its retriable exception instead,
 * since the record itself is fine. Implementations need not be thread-safe: one per reading thread.
 *
 * @param <E> the decoded record's type
 */
@FunctionalInterface
public interface RecordDecoder<E> {

    /**
     * Decodes one record.
     *
     * @param record the raw record
     * @return the record with its coordinates and writer schema id
     * @throws PoisonRecordException if it can never be trained on
     */
    Fetched<E> decode(ConsumerRecord<byte[], byte[]> record) throws PoisonRecordException;

    /**
     * Reads the writer schema id of Confluent-framed bytes.
     *
     * @param value the record's value
     * @return the id, or -1 when the bytes are not framed
     */
    static int schemaIdOf(byte[] value) {
        return value != null && value.length >= WireFormat.HEADER_SIZE && value[0] == WireFormat.MAGIC_BYTE
                ? WireFormat.readSchemaId(value, 0) : -1;
    }

    /**
     * Wraps a decoded record with the coordinates it was read at.
     *
     * @param record   the raw record
     * @param schemaId its writer schema id, or -1
     * @param event    the decoded record
     * @param <E>      its type
     * @return the fetched record
     */
    static <E> Fetched<E> fetched(ConsumerRecord<byte[], byte[]> record, int schemaId, E event) {
        return new Fetched<>(new TopicPartition(record.topic(), record.partition()), record.offset(),
                record.timestamp(), schemaId, event);
    }
}
