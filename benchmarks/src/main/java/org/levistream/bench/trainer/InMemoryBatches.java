package org.levistream.bench.trainer;

import ai.djl.Device;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.levistream.schemas.registry.HttpSchemaRegistryClient;
import org.levistream.schemas.registry.SchemaRegistryClient;
import org.levistream.trainer.batching.BatchBuilder;
import org.levistream.trainer.batching.BatchSource;
import org.levistream.trainer.batching.ComposedBatch;
import org.levistream.trainer.batching.PartitionReader;
import org.levistream.trainer.batching.ReadPlan;
import org.levistream.trainer.batching.ReadyBatch;
import org.levistream.trainer.config.TrainerConfig;

/**
 * Batches composed and featurized beforehand, all of them, on the thread that creates this source, and then handed
 * out in order without waiting: the training loop with nothing but training to do. It is the floor of the throughput
 * benchmark, which runs the trainer's own loop (checkpoints and their events included) over it: the batches are
 * {@link #compose composed} from the topic by the trainer's own reader, then given to the trainer as its
 * {@link #source}.
 */
final class InMemoryBatches<E> implements BatchSource {
    private final ArrayDeque<ReadyBatch> ready;
    private volatile long left;   // read by the metrics endpoint's thread

    /**
     * Featurizes every batch now.
     *
     * @param composed the batches in training order, as the trainer's rotation composed them, the end marker of a
     *                 bounded run included
     * @param builder  the featurizer
     * @param device   where the batches go
     */
    InMemoryBatches(List<ComposedBatch<E>> composed, BatchBuilder<E> builder, Device device) {
        this.ready = new ArrayDeque<>(composed.size());
        for (ComposedBatch<E> c : composed) {
            ready.add(ReadyBatch.featurize(c, builder, device));
            left += c.size();
        }
    }

    /**
     * The floor's batch source: the given batches, featurized on the training thread before the first step, instead
     * of the trainer's consumer, which is closed unused.
     *
     * @param composed the batches in training order, as a {@link org.levistream.trainer.batching.PartitionRotation}
     *                 composed them from the input topics, ending with the end marker of a bounded run; the trainer's
     *                 start point must be where they begin
     * @param type     the records' type, which the trainer's featurizer must take
     * @param <E>      that type
     * @return the factory to start the trainer with
     */
    static <E> BatchSource.Factory source(List<ComposedBatch<E>> composed, Class<E> type) {
        List<ComposedBatch<E>> batches = List.copyOf(composed);
        return in -> {
            in.consumer().close();
            return new InMemoryBatches<>(batches, in.builder().forRecords(type), in.device());
        };
    }

    /**
     * The batches the trainer composes, read once from the topic with the trainer's own {@link PartitionReader}, the
     * end marker included. Each round reads them afresh and drops them before its Kafka run, so that the Kafka run
     * does not carry them in the old generation.
     */
    static <E> List<ComposedBatch<E>> compose(TrainerConfig config, BenchStream<E> stream) throws Exception {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (SchemaRegistryClient registry = HttpSchemaRegistryClient.create(config.registry());
             KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                     new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(config.inputTopics().get(0)).forEach(i -> partitions.add(
                    new TopicPartition(i.topic(), i.partition())));
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Map<TopicPartition, Long> start = new TreeMap<>(Comparator.comparing(TopicPartition::toString));
            partitions.forEach(tp -> start.put(tp, 0L));
            // Generated data holds no poison.
            PartitionReader<E> reader = new PartitionReader<>(consumer, new ReadPlan(partitions, start, null, end),
                    stream.decoder(registry, config), PartitionReader.PoisonHandler.PASS_OVER, config.batchSize(),
                    () -> false);
            List<ComposedBatch<E>> batches = new ArrayList<>();
            while (true) {
                ComposedBatch<E> b = reader.read();
                if (b != null) {
                    batches.add(b);
                    if (b.last()) {
                        return batches;
                    }
                }
            }
        }
    }

    @Override
    public void start() {
    }

    @Override
    public ReadyBatch take(Duration timeout) {
        ReadyBatch next = ready.poll();
        if (next != null) {
            left -= next.composed().size();
        }
        return next;
    }

    @Override
    public void trained(Map<TopicPartition, Long> nextOffsets) {
    }

    @Override
    public void commit(Map<TopicPartition, Long> offsets) {
    }

    @Override
    public long lag() {
        return left;
    }

    @Override
    public void close() {
        ReadyBatch b;
        while ((b = ready.poll()) != null) {
            b.close();
        }
    }
}
