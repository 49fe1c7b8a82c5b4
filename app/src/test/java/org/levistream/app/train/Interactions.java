package org.levistream.app.train;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.levistream.embedded.stack.EmbeddedStack;
import org.levistream.schemas.domain.AvroMapping;
import org.levistream.schemas.domain.InteractionEvent;
import org.levistream.schemas.registry.HttpSchemaRegistryClient;
import org.levistream.schemas.serde.AvroSerdeConfig;
import org.levistream.schemas.serde.AvroSerializer;

/** Small interaction topics for the command tests. */
final class Interactions {
    private Interactions() {
    }

    /** Writes {@code n} interactions (17 users, 23 items, one genre) alternately to partitions 0 and 1. */
    static void produce(EmbeddedStack stack, String topic, int n) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        try (var registry = HttpSchemaRegistryClient.create(Map.of("schema.registry.url", stack.registryUrl()));
             var producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            var serializer = new AvroSerializer<Object>(registry, AvroSerdeConfig.defaults(), false);
            for (int i = 0; i < n; i++) {
                InteractionEvent e = InteractionEvent.builder("u" + i % 17, "i" + i % 23, 1f + i % 4,
                        Instant.EPOCH.plusSeconds(i)).genres(List.of("Drama")).build();
                producer.send(new ProducerRecord<>(topic, i % 2, null, serializer.serialize(topic,
                        AvroMapping.toAvro(e)))).get();
            }
        }
    }
}
