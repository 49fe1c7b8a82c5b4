package org.levistream.evaluator.topology;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.levistream.evaluator.config.EvaluatorConfig;
import org.levistream.schemas.avro.CheckpointEvent;
import org.levistream.schemas.registry.SchemaRegistryClient;
import org.levistream.schemas.serde.AvroDeserializer;

/**
 * Passes the versions of followed experiments to the work topic, keyed by experiment (so one partition, and one
 * instance, scores an experiment); an unreadable announcement goes to the dead-letter topic.
 */
final class CheckpointRouter implements Processor<byte[], byte[], Object, Object> {
    private final AvroDeserializer<CheckpointEvent> deserializer;
    private final EvaluatorConfig config;
    private final DeadLetters deadLetters;
    private ProcessorContext<Object, Object> context;

    CheckpointRouter(SchemaRegistryClient registry, EvaluatorConfig config, DeadLetters deadLetters) {
        this.deserializer = AvroDeserializer.specific(CheckpointEvent.class, registry, false);
        this.config = config;
        this.deadLetters = deadLetters;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        if (record.value() == null) {
            return; // a tombstone: compaction's way of forgetting an experiment
        }
        RecordMetadata source = context.recordMetadata().orElseThrow();
        CheckpointEvent event;
        try {
            event = deserializer.deserialize(source.topic(), record.value());
        } catch (RuntimeException e) {
            deadLetters.send(context, record, source, "unreadable-checkpoint-event", e);
            return;
        }
        if (config.follows(event.getExperiment())) {
            WorkItem.Version version = new WorkItem.Version(event.getExperiment(), event.getVersion(), event.getPath(),
                    event.getContentHash(), event.getBackboneHash(), event.getMethod(),
                    event.getCreatedAt().toEpochMilli());
            context.forward(new Record<>(event.getExperiment(), version, record.timestamp()),
                    EvaluatorTopology.WORK_SINK);
        }
    }
}
