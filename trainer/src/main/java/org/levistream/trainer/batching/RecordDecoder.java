package org.levistream.trainer.batching;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.levistream.schemas.avro.Interaction;
import org.levistream.schemas.domain.AvroMapping;
import org.levistream.schemas.domain.InteractionEvent;
import org.levistream.schemas.registry.SchemaRegistryClient;
import org.levistream.schemas.serde.AvroDeserializer;
import org.levistream.schemas.serde.WireFormat;

/**
 * Decodes Confluent-framed Avro interactions into {@link InteractionEvent}s. The reader schema is the generated
 * {@link Interaction}: bytes written with a newer schema (an added optional field) or an older compatible one read
 * fine. Poison throws {@link PoisonRecordException}; a registry that cannot be reached throws its retriable
 * exception, since the record itself is fine.
 */
public final class RecordDecoder {
    private final AvroDeserializer<Interaction> deserializer;

    /**
     * Creates a decoder.
     *
     * @param registry the schema registry client; not closed by the decoder
     */
    public RecordDecoder(SchemaRegistryClient registry) {
        this.deserializer = AvroDeserializer.specific(Interaction.class, registry, false);
    }

    /**
     * Decodes one record.
     *
     * @param record the raw record
     * @return the schema id and the interaction
     * @throws PoisonRecordException if it can never be trained on
     */
    public Fetched decode(ConsumerRecord<byte[], byte[]> record) throws PoisonRecordException {
        byte[] value = record.value();
        if (value == null || value.length == 0) {
            throw new PoisonRecordException(PoisonRecordException.EMPTY_VALUE, "the record has no value", null);
        }
        int schemaId = value.length >= WireFormat.HEADER_SIZE && value[0] == WireFormat.MAGIC_BYTE
                ? WireFormat.readSchemaId(value, 0) : -1;
        Interaction avro;
        try {
            avro = deserializer.deserialize(record.topic(), value);
        } catch (SerializationException e) {
            throw new PoisonRecordException(PoisonRecordException.DECODE, e.getMessage(), e);
        }
        try {
            InteractionEvent event = AvroMapping.fromAvro(avro);
            return new Fetched(new org.apache.kafka.common.TopicPartition(record.topic(), record.partition()),
                    record.offset(), record.timestamp(), schemaId, event);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new PoisonRecordException(PoisonRecordException.INVALID_RECORD, e.getMessage(), e);
        }
    }
}
