package org.levistream.app;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.avro.specific.SpecificRecord;
import org.levistream.embedded.stack.EmbeddedStack;
import org.levistream.schemas.registry.HttpSchemaRegistryClient;
import org.levistream.schemas.registry.SchemaRegistryClient;
import org.levistream.schemas.serde.AvroDeserializer;

/** Reads a topic's committed records back, as the services' users would (read_committed), for end-to-end tests. */
public final class TopicRecords {
    private TopicRecords() {
    }

    /** Every committed record of {@code topic}, decoded as {@code type} through the stack's registry. */
    public static <T extends SpecificRecord> List<T> read(EmbeddedStack stack, String topic, Class<T> type) {
        try (SchemaRegistryClient registry = HttpSchemaRegistryClient.create(
                Map.of("schema.registry.url", stack.registryUrl()))) {
            var decoder = AvroDeserializer.specific(type, registry, false);
            return values(stack, topic).stream().map(v -> decoder.deserialize(topic, v)).toList();
        }
    }

    /** The values of every committed record of {@code topic}; none when it does not exist. */
    public static List<byte[]> values(EmbeddedStack stack, String topic) {
        Properties p = new Properties();
        p.putAll(stack.clientProperties());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<byte[]> out = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            var infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
            if (infos == null || infos.isEmpty()) {
                return out;
            }
            List<TopicPartition> parts = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> out.add(r.value()));
            }
        }
        return out;
    }
}
