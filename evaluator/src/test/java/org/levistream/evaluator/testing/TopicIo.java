package org.levistream.evaluator.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.levistream.embedded.stack.EmbeddedStack;
import org.levistream.schemas.avro.CheckpointEvent;
import org.levistream.schemas.avro.Interaction;
import org.levistream.schemas.avro.OodAlert;
import org.levistream.schemas.domain.AvroMapping;
import org.levistream.schemas.domain.InteractionEvent;
import org.levistream.schemas.registry.HttpSchemaRegistryClient;
import org.levistream.schemas.registry.SchemaRegistryClient;
import org.levistream.schemas.serde.AvroDeserializer;
import org.levistream.schemas.serde.AvroSerdeConfig;
import org.levistream.schemas.serde.AvroSerializer;

/** What the evaluator's integration tests write to and read from the embedded broker. */
public final class TopicIo {
    private TopicIo() {}

    /**
     * The announcement of a written version.
     *
     * @param experiment the experiment
     * @param v          the version's checkpoint
     * @return the event
     */
    public static CheckpointEvent event(String experiment, RatingVersions.Written v) {
        return CheckpointEvent.newBuilder().setExperiment(experiment).setVersion(v.step())
                .setPath(v.dir().toString()).setContentHash(v.contentHash()).setBackboneHash("")
                .setMethod("small-only").setNextOffsets(List.of()).setValidationMetrics(new HashMap<>())
                .setCreatedAt(Instant.now()).build();
    }


    /**
     * Every committed record of a topic, from the beginning (read_committed).
     *
     * @param stack the stack
     * @param topic the topic
     * @return the records; empty when the topic does not exist
     */
    public static List<ConsumerRecord<String, byte[]>> readAll(EmbeddedStack stack, String topic) {
        Properties p = new Properties();
        p.putAll(stack.clientProperties());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            var infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
            if (infos == null || infos.isEmpty()) {
                return out;
            }
            List<TopicPartition> parts = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))
                    && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    /**
     * Every committed alert of a topic.
     *
     * @param stack the stack
     * @param topic the topic
     * @return the alerts
     * @throws Exception if the registry cannot be reached
     */
    public static List<OodAlert> alerts(EmbeddedStack stack, String topic) throws Exception {
        try (SchemaRegistryClient registry = HttpSchemaRegistryClient.create(Map.of("schema.registry.url",
                stack.registryUrl()))) {
            var deserializer = AvroDeserializer.specific(OodAlert.class, registry, false);
            return readAll(stack, topic).stream().map(r -> deserializer.deserialize(topic, r.value())).toList();
        }
    }

    /**
     * Publishes interactions as the ingest does.
     *
     * @param stack   the stack
     * @param topic   the topic
     * @param records the interactions
     * @throws Exception if publishing fails
     */
    public static void publish(EmbeddedStack stack, String topic, List<InteractionEvent> records) throws Exception {
        try (SchemaRegistryClient registry = HttpSchemaRegistryClient.create(Map.of("schema.registry.url",
                stack.registryUrl()));
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(stack.clientProperties(),
                     new StringSerializer(), new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            var serializer = new AvroSerializer<Interaction>(registry, AvroSerdeConfig.defaults(), false);
            for (InteractionEvent e : records) {
                producer.send(new ProducerRecord<>(topic, e.userId(), serializer.serialize(topic,
                        AvroMapping.toAvro(e))));
            }
            producer.flush();
        }
    }

    /**
     * Publishes version announcements.
     *
     * @param stack  the stack
     * @param topic  the checkpoints topic
     * @param events the announcements
     * @throws Exception if publishing fails
     */
    public static void publishEvents(EmbeddedStack stack, String topic, List<CheckpointEvent> events)
            throws Exception {
        try (SchemaRegistryClient registry = HttpSchemaRegistryClient.create(Map.of("schema.registry.url",
                stack.registryUrl()));
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(stack.clientProperties(),
                     new StringSerializer(), new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            var serializer = new AvroSerializer<CheckpointEvent>(registry, AvroSerdeConfig.defaults(), false);
            for (CheckpointEvent e : events) {
                producer.send(new ProducerRecord<>(topic, e.getExperiment(), serializer.serialize(topic, e)));
            }
            producer.flush();
        }
    }
}
