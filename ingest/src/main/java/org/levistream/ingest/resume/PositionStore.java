package org.levistream.ingest.resume;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes committed positions on the compacted progress topic ({@value #DEFAULT_TOPIC} by default), one
 * key per job.
 *
 * <p>Writing is a plain record that the caller sends inside its transaction, so the position commits atomically with
 * the records it describes. Reading scans the topic with {@code isolation.level=read_committed} up to its last stable
 * offset and keeps the job's last value: call it after {@code initTransactions()}, which aborts whatever a killed run
 * left open, so that the scan ends at once. A tombstone for the key resets the job.
 */
public final class PositionStore {
    /** The default progress topic. */
    public static final String DEFAULT_TOPIC = "levi.ingest.progress";
    private static final Logger log = LoggerFactory.getLogger(PositionStore.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final String topic;

    /** A store on {@code topic}, which must exist (compacted, any number of partitions). */
    public PositionStore(String topic) {
        this.topic = Objects.requireNonNull(topic, "topic");
    }

    /** The topic. */
    public String topic() {
        return topic;
    }

    /** The record that commits {@code position}; send it in the same transaction as the records it covers. */
    public ProducerRecord<byte[], byte[]> record(CommittedPosition position) {
        return new ProducerRecord<>(topic, key(position.job()), position.toJson());
    }

    /**
     * The job's last committed position, read with {@code read_committed}.
     *
     * @param bootstrapServers the cluster
     * @param clientSettings   extra consumer settings (security and the like); may be empty
     * @param timeout          how long to wait for the scan to reach the end
     * @throws TimeoutException when the scan does not reach the topic's end in time
     * @throws IllegalStateException when the job's value is not a position this version reads
     */
    public Optional<CommittedPosition> read(JobId job, String bootstrapServers, Map<String, Object> clientSettings,
                                            Duration timeout) {
        Map<String, Object> props = new HashMap<>(clientSettings);
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "levi-ingest-position-" + job.value());
        byte[] wanted = key(job);
        byte[] last = null;
        var consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!reached(consumer, end)) {
                if (System.nanoTime() - deadline > 0) {
                    throw new TimeoutException("reading " + topic + " did not reach its end within " + timeout);
                }
                for (ConsumerRecord<byte[], byte[]> rec : consumer.poll(POLL)) {
                    if (Arrays.equals(rec.key(), wanted)) {
                        last = rec.value();
                    }
                }
            }
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
        return parse(job, last);
    }

    private Optional<CommittedPosition> parse(JobId job, byte[] value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            CommittedPosition position = CommittedPosition.fromJson(value);
            log.info("Job {} committed {} results earlier ({})", job, position.results(),
                    position.completed() ? "complete" : "to continue");
            return Optional.of(position);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the position of job " + job + " on " + topic + " cannot be read: "
                    + e.getMessage(), e);
        }
    }

    private static boolean reached(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static byte[] key(JobId job) {
        return job.value().getBytes(StandardCharsets.UTF_8);
    }
}
