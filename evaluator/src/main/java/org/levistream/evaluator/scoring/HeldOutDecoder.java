package org.levistream.evaluator.scoring;

import org.levistream.evaluator.topology.WorkItem;
import org.levistream.schemas.avro.ImageRecord;
import org.levistream.schemas.avro.Interaction;
import org.levistream.schemas.domain.AvroMapping;
import org.levistream.schemas.registry.SchemaRegistryClient;
import org.levistream.schemas.serde.AvroDeserializer;

/**
 * Reads held-out records' values (Confluent wire format) into the domain records the featurizers take. One per
 * stream thread: the deserializers keep caches.
 */
public final class HeldOutDecoder {
    private final AvroDeserializer<Interaction> interactions;
    private final AvroDeserializer<ImageRecord> images;

    /**
     * Creates a decoder.
     *
     * @param registry the schema registry; not closed here
     */
    public HeldOutDecoder(SchemaRegistryClient registry) {
        this.interactions = AvroDeserializer.specific(Interaction.class, registry, false);
        this.images = AvroDeserializer.specific(ImageRecord.class, registry, false);
    }

    /**
     * Decodes a held-out record.
     *
     * @param record the record
     * @return an {@code InteractionEvent} or an {@code ImageEvent}
     * @throws RuntimeException when the value cannot be read (it passed the router's check, so rarely)
     */
    public Object decode(WorkItem.HeldOut record) {
        if (record.kind() == WorkItem.Kind.INTERACTION) {
            return AvroMapping.fromAvro(interactions.deserialize(record.topic(), record.value()));
        }
        return AvroMapping.fromAvro(images.deserialize(record.topic(), record.value()));
    }
}
