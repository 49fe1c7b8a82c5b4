package org.levistream.trainer.batching;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.levistream.schemas.avro.Interaction;
import org.levistream.schemas.domain.AvroMapping;
import org.levistream.schemas.domain.InteractionDecoder;
import org.levistream.schemas.domain.InteractionEvent;
import org.levistream.schemas.registry.SchemaRegistryClient;
import org.levistream.schemas.serde.AvroDeserializer;
import org.levistream.schemas.serde.WireFormat;

/**
 * Decodes Confluent-framed Avro interactions into {@link InteractionEvent}s. The reader schema is the generated
 * {@link Interaction}: bytes written with a newer schema (an added optional field) or an older compatible one read
 * fine. Poison throws {@link PoisonRecordException}; a registry that cannot be reached throws its retriable
 * exception, since the record itself is fine.
 *
 * <p>Records whose writer schema is the generated one, nearly all of them, are read by {@link InteractionDecoder}
 * straight into the record; any it does not take go through the deserializer, which reads them or says why not. A
 * schema id is first decoded the long way, so that its lookup fails, and dead-letters, as it always did. Not
 * thread-safe: one per feed thread.
 */
public final class InteractionRecordDecoder implements RecordDecoder<InteractionEvent> {
    private final AvroDeserializer<Interaction> deserializer;
    private final SchemaRegistryClient registry;
    private final InteractionDecoder direct = new InteractionDecoder();
    /** Whether each schema id seen so far names the schema {@link InteractionDecoder} reads. */
    private final Map<Integer, Boolean> directIds = new HashMap<>();

    /**
     * Creates a decoder.
     *
     * @param registry the schema registry client; not closed by the decoder
     */
    public InteractionRecordDecoder(SchemaRegistryClient registry) {
        this.deserializer = AvroDeserializer.specific(Interaction.class, registry, false);
        this.registry = registry;
    }

    @Override
    public Fetched<InteractionEvent> decode(ConsumerRecord<byte[], byte[]> record) throws PoisonRecordException {
        byte[] value = record.value();
        if (value == null || value.length == 0) {
            throw new PoisonRecordException(PoisonRecordException.EMPTY_VALUE, "the record has no value", null);
        }
        int schemaId = RecordDecoder.schemaIdOf(value);
        if (Boolean.TRUE.equals(directIds.get(schemaId))) {
            try {
                InteractionEvent event = direct.decode(value, WireFormat.HEADER_SIZE,
                        value.length - WireFormat.HEADER_SIZE);
                return fetched(record, schemaId, event);
            } catch (InteractionDecoder.MalformedInteractionException | IllegalArgumentException e) {
                // The long way below reads it, or says precisely what is wrong with it.
            }
        }
        Fetched decoded = decodeWithAvro(record, value, schemaId);
        directIds.computeIfAbsent(schemaId, id -> InteractionDecoder.reads(registry.getById(id)));
        return decoded;
    }

    private Fetched<InteractionEvent> decodeWithAvro(ConsumerRecord<byte[], byte[]> record, byte[] value, int schemaId)
            throws PoisonRecordException {
        Interaction avro;
        try {
            avro = deserializer.deserialize(record.topic(), value);
        } catch (SerializationException e) {
            throw new PoisonRecordException(PoisonRecordException.DECODE, e.getMessage(), e);
        }
        try {
            return fetched(record, schemaId, AvroMapping.fromAvro(avro));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new PoisonRecordException(PoisonRecordException.INVALID_RECORD, e.getMessage(), e);
        }
    }

    private static Fetched<InteractionEvent> fetched(ConsumerRecord<byte[], byte[]> record, int schemaId,
                                                     InteractionEvent event) {
        return RecordDecoder.fetched(record, schemaId, event);
    }
}
