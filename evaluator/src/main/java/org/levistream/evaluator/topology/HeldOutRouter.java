package org.levistream.evaluator.topology;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.levistream.evaluator.scoring.HeldOutDecoder;
import org.levistream.schemas.avro.ImageRecord;
import org.levistream.schemas.avro.Interaction;
import org.levistream.schemas.registry.SchemaRegistryClient;
import org.levistream.schemas.serde.WireFormat;

/**
 * Reads held-out records once, on their way in: a record that is an interaction or an image and decodes goes to the
 * work topic (to every partition, see {@link WorkPartitioner}); anything else goes whole to the dead-letter topic with
 * the reason, and the stream goes on.
 */
final class HeldOutRouter implements Processor<byte[], byte[], Object, Object> {
    private final SchemaRegistryClient registry;
    private final HeldOutDecoder decoder;
    private final DeadLetters deadLetters;
    private ProcessorContext<Object, Object> context;

    HeldOutRouter(SchemaRegistryClient registry, DeadLetters deadLetters) {
        this.registry = registry;
        this.decoder = new HeldOutDecoder(registry);
        this.deadLetters = deadLetters;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        RecordMetadata source = context.recordMetadata().orElseThrow();
        WorkItem.Kind kind;
        try {
            kind = kindOf(record.value());
            WorkItem.HeldOut held = new WorkItem.HeldOut(kind, source.topic(), source.partition(), source.offset(),
                    record.timestamp(), record.value());
            decoder.decode(held);
            context.forward(new Record<>(source.topic(), held, record.timestamp()), EvaluatorTopology.WORK_SINK);
        } catch (RuntimeException e) {
            deadLetters.send(context, record, source, "unreadable-holdout", e);
        }
    }

    /**
     * What a value holds, from its writer schema's name (the registry client caches schemas by id), so that a record
     * is decoded once here, by the decoder that also checks it, not twice.
     */
    private WorkItem.Kind kindOf(byte[] value) {
        if (value == null || value.length < WireFormat.HEADER_SIZE || value[0] != WireFormat.MAGIC_BYTE) {
            throw new IllegalArgumentException("the value is not in the Confluent wire format (magic byte 0, schema id)");
        }
        String name = registry.getById(WireFormat.readSchemaId(value, 0)).getFullName();
        if (name.equals(Interaction.getClassSchema().getFullName())) {
            return WorkItem.Kind.INTERACTION;
        }
        if (name.equals(ImageRecord.getClassSchema().getFullName())) {
            return WorkItem.Kind.IMAGE;
        }
        throw new IllegalArgumentException("a held-out record must be an Interaction or an ImageRecord, was " + name);
    }
}
