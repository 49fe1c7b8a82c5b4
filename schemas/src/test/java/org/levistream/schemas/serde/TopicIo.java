package org.levistream.schemas.serde;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/** Topic set-up and read-back for the integration tests; waits poll against a deadline. */
public final class TopicIo {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private TopicIo() {
    }

    /** Creates single-partition topics and waits until they exist. */
    public static void createTopics(String bootstrap, String... names) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            List<NewTopic> topics = new ArrayList<>();
            for (String name : names) {
                topics.add(new NewTopic(name, 1, (short) 1));
            }
            admin.createTopics(topics).all().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot create topics " + List.of(names), e);
        }
    }

    /** Sends every value (key = index) and waits until all are acknowledged. */
    public static <V> void produce(String bootstrap, String topic, Serializer<V> values, List<? extends V> records) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (var producer = new KafkaProducer<>(props, new org.apache.kafka.common.serialization.StringSerializer(), values)) {
            for (int i = 0; i < records.size(); i++) {
                producer.send(new ProducerRecord<>(topic, Integer.toString(i), records.get(i)));
            }
            producer.flush();
        }
    }

    /** Client properties for a consumer reading {@code topic} from the start under a group of its own. */
    public static Properties consumerProps(String bootstrap, String group) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return props;
    }

    /** Reads {@code count} values from the start of {@code topic}'s partition 0, or fails at the deadline. */
    public static <V> List<V> consume(String bootstrap, String topic, Deserializer<V> values, int count) {
        try (var consumer = new KafkaConsumer<>(consumerProps(bootstrap, topic + "-reader"),
                new org.apache.kafka.common.serialization.StringDeserializer(), values)) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            return poll(consumer, count).stream().map(ConsumerRecord::value).toList();
        }
    }

    /** Polls until {@code count} records came, or fails with what did come at the deadline. */
    public static <K, V> List<ConsumerRecord<K, V>> poll(Consumer<K, V> consumer, int count) {
        List<ConsumerRecord<K, V>> records = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (records.size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Read " + records.size() + " of " + count + " records in " + WAIT);
            }
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        }
        return records;
    }
}
