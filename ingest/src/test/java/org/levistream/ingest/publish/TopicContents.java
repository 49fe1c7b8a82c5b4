package org.levistream.ingest.publish;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.levistream.embedded.stack.EmbeddedStack;
import org.levistream.schemas.GeneratedRecords;
import org.levistream.schemas.avro.Interaction;
import org.levistream.schemas.domain.AvroMapping;
import org.levistream.schemas.domain.InteractionEvent;
import org.levistream.schemas.registry.HttpSchemaRegistryClient;
import org.levistream.schemas.serde.AvroDeserializer;

/** Reads what ingest wrote: topics with read_committed, up to their end, and pretrain files. */
final class TopicContents {
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private TopicContents() {
    }

    /** Every committed record of {@code topic}, partition by partition in offset order. */
    static List<ConsumerRecord<byte[], byte[]>> read(EmbeddedStack stack, String topic) {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        var consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, DEADLINE).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).sorted(
                            java.util.Comparator.comparingInt(TopicPartition::partition)).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            Map<TopicPartition, Long> end = settledEnd(stack, consumer, partitions, deadline);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("did not reach the end of " + topic + " within " + DEADLINE);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            records.sort(java.util.Comparator.<ConsumerRecord<byte[], byte[]>>comparingInt(ConsumerRecord::partition)
                    .thenComparingLong(ConsumerRecord::offset));
            return records;
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    /**
     * The read_committed end of {@code partitions} once no transaction is open on them. A commit returns before its
     * markers are written; until they are, the last transaction's records lie beyond the end (the last stable offset)
     * a read_committed consumer sees, and reading right after a run would miss them.
     */
    private static Map<TopicPartition, Long> settledEnd(EmbeddedStack stack, KafkaConsumer<byte[], byte[]> committed,
                                                        List<TopicPartition> partitions, long deadline) {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        var uncommitted = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        try {
            while (true) {
                Map<TopicPartition, Long> stable = committed.endOffsets(partitions, DEADLINE);
                if (stable.equals(uncommitted.endOffsets(partitions, DEADLINE))) {
                    return stable;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("a transaction stayed open on " + partitions + " for " + DEADLINE);
                }
            }
        } finally {
            uncommitted.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    /** The interactions on {@code topic}, decoded through the registry. */
    static List<InteractionEvent> interactions(EmbeddedStack stack, String topic) {
        try (var client = HttpSchemaRegistryClient.create(Map.of("schema.registry.url", stack.registryUrl()));
             var deserializer = AvroDeserializer.specific(Interaction.class, client, false)) {
            return read(stack, topic).stream().map(r -> AvroMapping.fromAvro(deserializer.deserialize(topic,
                    r.value()))).toList();
        }
    }

    /** The interactions in an Avro pretrain file. */
    static List<InteractionEvent> pretrain(Path file) {
        GeneratedRecords.trust();
        List<InteractionEvent> events = new ArrayList<>();
        try (var reader = new DataFileReader<>(file.toFile(), new SpecificDatumReader<>(Interaction.class))) {
            reader.forEach(i -> events.add(AvroMapping.fromAvro(i)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return events;
    }

    static String header(ConsumerRecord<?, ?> record, String key) {
        Header header = record.headers().lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
