package org.levistream.bench.parity;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.function.IntFunction;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.levistream.trainer.position.PartitionOffsets;

/**
 * A topic that holds a training set in a chosen order, as one or more stretches written one after the other. Records
 * go round-robin over the partitions, record {@code i} of the topic to partition {@code i mod P}: the trainer's
 * rotation visits the partitions in that same cycle, so it reads the records back in exactly the written order, and
 * a stretch's last batch ends where the stretch ends.
 */
final class TrainingTopic {
    private final String bootstrap;
    private final String name;
    private final int partitions;
    private final List<Map<TopicPartition, Long>> stretchEnds = new ArrayList<>();
    private long written;

    private TrainingTopic(String bootstrap, String name, int partitions) {
        this.bootstrap = bootstrap;
        this.name = name;
        this.partitions = partitions;
    }

    /**
     * Creates the topic.
     *
     * @param bootstrap  Kafka
     * @param name       the topic
     * @param partitions its partitions
     * @return the empty topic
     * @throws ExecutionException   if Kafka refuses
     * @throws InterruptedException if interrupted
     */
    static TrainingTopic create(String bootstrap, String name, int partitions)
            throws ExecutionException, InterruptedException {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
        }
        return new TrainingTopic(bootstrap, name, partitions);
    }

    /** The topic's name. */
    String name() {
        return name;
    }

    /**
     * Appends one stretch: the values of {@code order[0]}, {@code order[1]}, ... in that order.
     *
     * @param order  the example indices, in training order
     * @param values the Avro value of an example index
     * @return the exclusive end offsets of the topic after the stretch
     */
    Map<TopicPartition, Long> append(int[] order, IntFunction<byte[]> values) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(512 * 1024));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int i : order) {
                producer.send(new ProducerRecord<>(name, (int) (written++ % partitions), null, values.apply(i)));
            }
        }
        Map<TopicPartition, Long> end = endOffsets();
        stretchEnds.add(end);
        return end;
    }

    /**
     * Returns the end offsets after each stretch, in writing order.
     *
     * @return one map per stretch
     */
    List<Map<TopicPartition, Long>> stretchEnds() {
        return List.copyOf(stretchEnds);
    }

    private Map<TopicPartition, Long> endOffsets() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> tps = new ArrayList<>();
            for (int i = 0; i < partitions; i++) {
                tps.add(new TopicPartition(name, i));
            }
            return PartitionOffsets.sortedCopy(consumer.endOffsets(tps));
        }
    }
}
