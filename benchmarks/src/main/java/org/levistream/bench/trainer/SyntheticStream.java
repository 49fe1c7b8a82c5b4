package org.levistream.bench.trainer;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.levistream.schemas.domain.AvroMapping;
import org.levistream.schemas.domain.InteractionEvent;
import org.levistream.schemas.registry.HttpSchemaRegistryClient;
import org.levistream.schemas.registry.SchemaRegistryClient;
import org.levistream.schemas.serde.AvroSerdeConfig;
import org.levistream.schemas.serde.AvroSerializer;

/** Generated MovieLens-like interactions as Avro bytes, and the producer and topic that carry them. */
final class SyntheticStream implements AutoCloseable {
    private static final List<String> GENRES = List.of("Action", "Comedy", "Drama", "Horror", "Romance",
            "Thriller", "Animation", "Documentary");

    private final SchemaRegistryClient registry;
    private final AvroSerializer<Object> serializer;
    private final SplittableRandom random;
    private long n;

    SyntheticStream(String registryUrl, long seed) {
        this.registry = HttpSchemaRegistryClient.create(Map.of("schema.registry.url", registryUrl));
        this.serializer = new AvroSerializer<>(registry, AvroSerdeConfig.defaults(), false);
        this.random = new SplittableRandom(seed);
    }

    /** The next interaction's Avro bytes: 5,000 users, 2,000 items. */
    byte[] next(String topic) {
        int user = random.nextInt(5_000);
        int item = random.nextInt(2_000);
        float rating = 0.5f * (1 + random.nextInt(10));
        InteractionEvent e = InteractionEvent.builder("u" + user, "i" + item, rating,
                        Instant.parse("2005-01-01T00:00:00Z").plusSeconds(n++))
                .genres(List.of(GENRES.get(item % GENRES.size()))).releaseYear(1960 + item % 50)
                .title("Item " + item).build();
        return serializer.serialize(topic, AvroMapping.toAvro(e));
    }

    static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    static void createTopic(String bootstrap, String topic, int partitions) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        }
    }

    @Override
    public void close() {
        registry.close();
    }
}
