package org.levistream.trainer.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.levistream.embedded.stack.EmbeddedStack;
import org.levistream.trainer.position.PartitionOffsets;

/** Reads topics back in tests. */
public final class Topics {
    private Topics() {}

    /** Every committed record of a topic, partition by partition, waiting up to 20 s for at least {@code atLeast}. */
    public static List<ConsumerRecord<byte[], byte[]>> read(EmbeddedStack stack, String topic, int atLeast) {
        try (var consumer = new KafkaConsumer<>(props(stack), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (partitions.isEmpty() && System.nanoTime() < deadline) {
                var infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
                infos.forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (System.nanoTime() < deadline && (out.size() < atLeast || !atEnd(consumer, end))) {
                consumer.poll(Duration.ofMillis(100)).forEach(out::add);
                if (out.size() < atLeast) {
                    end = consumer.endOffsets(partitions);
                }
            }
            return out;
        }
    }

    /** The log end offsets (last stable offsets) of a topic. */
    public static Map<TopicPartition, Long> endOffsets(EmbeddedStack stack, String topic, int partitions) {
        try (var consumer = new KafkaConsumer<>(props(stack), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> tps = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                tps.add(new TopicPartition(topic, p));
            }
            return PartitionOffsets.sortedCopy(consumer.endOffsets(tps));
        }
    }

    private static boolean atEnd(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    private static Properties props(EmbeddedStack stack) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return p;
    }
}
