package org.levistream.trainer.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.levistream.embedded.stack.EmbeddedStack;
import org.levistream.schemas.domain.AvroMapping;
import org.levistream.schemas.domain.InteractionEvent;
import org.levistream.schemas.registry.HttpSchemaRegistryClient;
import org.levistream.schemas.registry.SchemaRegistryClient;
import org.levistream.schemas.serde.AvroSerdeConfig;
import org.levistream.schemas.serde.AvroSerializer;

/** Generated interactions, and a transactional producer that writes them (and poison) as Confluent-framed Avro. */
public final class Interactions {
    private static final List<String> GENRES = List.of("Action", "Comedy", "Drama", "Horror", "Romance", "Thriller");

    private Interactions() {}

    /** {@code n} interactions of 30 users and 60 items; a pure function of the seed. */
    public static List<InteractionEvent> generate(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<InteractionEvent> events = new ArrayList<>();
        Instant t = Instant.parse("2005-01-01T00:00:00Z");
        for (int i = 0; i < n; i++) {
            int user = r.nextInt(30);
            int item = r.nextInt(60);
            float rating = Math.min(5f, Math.max(0.5f, 0.5f * Math.round(2 * (2.5f + (item % 7) * 0.3f
                    + (user % 3) * 0.4f + (float) r.nextGaussian() * 0.3f))));
            events.add(InteractionEvent.builder("u" + user, "i" + item, rating, t.plusSeconds(i))
                    .genres(List.of(GENRES.get(item % GENRES.size()), GENRES.get((item / 6) % GENRES.size())))
                    .releaseYear(1970 + item % 40).title("Item " + item).build());
        }
        return events;
    }

    /** The Avro bytes of interactions, as the ingest writes them. */
    public static List<byte[]> encode(EmbeddedStack stack, String topic, List<InteractionEvent> events) {
        try (SchemaRegistryClient registry = registry(stack)) {
            AvroSerializer<Object> serializer = new AvroSerializer<>(registry, AvroSerdeConfig.defaults(), false);
            List<byte[]> values = new ArrayList<>();
            events.forEach(e -> values.add(serializer.serialize(topic, AvroMapping.toAvro(e))));
            return values;
        }
    }

    /** A registry client for the stack. */
    public static SchemaRegistryClient registry(EmbeddedStack stack) {
        return HttpSchemaRegistryClient.create(Map.of("schema.registry.url", stack.registryUrl()));
    }

    /** Writes values in transactions of {@code perTransaction}, keyed by index, round-robin over partitions. */
    public static void produce(EmbeddedStack stack, String topic, int partitions, List<byte[]> values,
                               int perTransaction, boolean abortOne) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, topic + "-writer");
        try (var producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            for (int from = 0; from < values.size(); from += perTransaction) {
                if (abortOne && from == perTransaction) {
                    producer.beginTransaction();
                    producer.send(new ProducerRecord<>(topic, 0, null, "aborted".getBytes(), values.get(0)));
                    producer.abortTransaction();
                }
                producer.beginTransaction();
                for (int i = from; i < Math.min(values.size(), from + perTransaction); i++) {
                    producer.send(new ProducerRecord<>(topic, i % partitions, ("k" + i).getBytes(), values.get(i)));
                }
                producer.commitTransaction();
            }
        }
        awaitVisible(stack, topic, partitions);
    }

    /**
     * Waits until the topic's last transaction is visible to {@code read_committed} readers. commitTransaction returns
     * once the coordinator has decided, and the partitions' commit markers follow: a trainer that read its end offsets
     * in between saw an empty topic (TrainerIT failed so under load).
     */
    private static void awaitVisible(EmbeddedStack stack, String topic, int partitions) {
        List<TopicPartition> tps = new ArrayList<>();
        for (int i = 0; i < partitions; i++) {
            tps.add(new TopicPartition(topic, i));
        }
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
        try (var committed = consumer(stack, "read_committed"); var all = consumer(stack, "read_uncommitted")) {
            while (!committed.endOffsets(tps).equals(all.endOffsets(tps))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the commit markers of " + topic + " did not arrive in 10 s");
                }
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer(EmbeddedStack stack, String isolation) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
