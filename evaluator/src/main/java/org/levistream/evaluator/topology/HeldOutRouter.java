package org.levistream.evaluator.topology;

import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.levistream.evaluator.scoring.HeldOutDecoder;
import org.levistream.schemas.avro.ImageRecord;
import org.levistream.schemas.avro.Interaction;
import org.levistream.schemas.registry.SchemaRegistryClient;
import org.levistream.schemas.serde.AvroDeserializer;

/**
 * Reads held-out records once, on their way in: a record that is an interaction or an image and decodes goes to the
 * work topic (to every partition, see {@link WorkPartitioner}); anything else goes whole to the dead-letter topic with
 * the reason, and the stream goes on.
 */
final class HeldOutRouter implements Processor<byte[], byte[], Object, Object> {
    private final AvroDeserializer<GenericRecord> generic;
    private final HeldOutDecoder decoder;
    private final DeadLetters deadLetters;
    private ProcessorContext<Object, Object> context;

    HeldOutRouter(SchemaRegistryClient registry, DeadLetters deadLetters) {
        this.generic = AvroDeserializer.generic(registry, false);
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
            kind = kindOf(generic.deserialize(source.topic(), record.value()));
            WorkItem.HeldOut held = new WorkItem.HeldOut(kind, source.topic(), source.partition(), source.offset(),
                    record.timestamp(), record.value());
            decoder.decode(held);
            context.forward(new Record<>(source.topic(), held, record.timestamp()), EvaluatorTopology.WORK_SINK);
        } catch (RuntimeException e) {
            deadLetters.send(context, record, source, "unreadable-holdout", e);
        }
    }

    private static WorkItem.Kind kindOf(GenericRecord value) {
        if (value == null) {
            throw new IllegalArgumentException("the record has no value");
        }
        String name = value.getSchema().getFullName();
        if (name.equals(Interaction.getClassSchema().getFullName())) {
            return WorkItem.Kind.INTERACTION;
        }
        if (name.equals(ImageRecord.getClassSchema().getFullName())) {
            return WorkItem.Kind.IMAGE;
        }
        throw new IllegalArgumentException("a held-out record must be an Interaction or an ImageRecord, was " + name);
    }
}
