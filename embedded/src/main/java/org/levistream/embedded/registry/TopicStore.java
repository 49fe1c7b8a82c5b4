package org.levistream.embedded.registry;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schemas topic as the registry's log: one partition, compacted, written by one idempotent producer with
 * {@code acks=all} and read back by a {@link StoreReader} into the {@link RegistryState}.
 *
 * <p>A write returns only once the reader has applied it, so the state a request sees always includes every
 * write acknowledged before it.
 */
final class TopicStore implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TopicStore.class);
    private static final long RETRY_BACKOFF_MS = 100;

    /** One record to append: a key and a value, the value null for a tombstone. */
    record Write(byte[] key, byte[] value) {
    }

    private final String topic;
    private final Duration timeout;
    private final Producer<byte[], byte[]> producer;
    private final StoreReader reader;
    private final Thread readerThread;
    private final AtomicBoolean closed = new AtomicBoolean();

    private TopicStore(String topic, Duration timeout, Producer<byte[], byte[]> producer, StoreReader reader) {
        this.topic = topic;
        this.timeout = timeout;
        this.producer = producer;
        this.reader = reader;
        this.readerThread = new Thread(reader, "levi-registry-reader-" + topic);
        this.readerThread.setDaemon(true);
    }

    /**
     * Creates the topic if it is missing, checks it if it exists, and reads it to its end into {@code state}.
     *
     * @param timeout how long any one step (topic set-up, reading to the end, each later write) may take
     * @throws IllegalStateException if the topic cannot be created or read, or is not a one-partition compacted topic
     */
    static TopicStore open(String bootstrapServers, String topic, RegistryState state, Duration timeout) {
        ensureTopic(bootstrapServers, topic, timeout);
        var producer = new KafkaProducer<byte[], byte[]>(producerProperties(bootstrapServers, topic));
        KafkaConsumer<byte[], byte[]> consumer;
        try {
            consumer = new KafkaConsumer<>(consumerProperties(bootstrapServers, topic));
        } catch (RuntimeException e) {
            producer.close(Duration.ZERO);
            throw e;
        }
        var reader = new StoreReader(consumer, new TopicPartition(topic, 0), state, timeout);
        var store = new TopicStore(topic, timeout, producer, reader);
        store.readerThread.start();
        try {
            reader.awaitStartupEnd();
        } catch (RegistryException e) {
            store.close();
            throw new IllegalStateException("Schema registry could not read topic " + topic + ": " + e.getMessage(), e);
        }
        return store;
    }

    /**
     * Appends {@code writes} in order and waits until the reader has applied the last of them.
     *
     * @throws RegistryException 50001 if the topic refused a write, 50002 if a write or its read-back timed out
     */
    void append(List<Write> writes) {
        long lastOffset = -1;
        try {
            for (Write write : writes) {
                // Sent one at a time: the caller holds the registry's write lock, and order must be the topic's.
                Future<RecordMetadata> sent = producer.send(new ProducerRecord<>(topic, 0, write.key(), write.value()));
                lastOffset = sent.get(timeout.toMillis(), TimeUnit.MILLISECONDS).offset();
            }
        } catch (ExecutionException e) {
            throw RegistryException.storeError("Error while writing to the schemas topic " + topic, e.getCause());
        } catch (TimeoutException e) {
            throw RegistryException.storeTimeout("Write to the schemas topic " + topic + " timed out", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RegistryException.storeError("Interrupted while writing to the schemas topic " + topic, e);
        }
        if (lastOffset >= 0) {
            reader.awaitPosition(lastOffset + 1);
        }
    }

    /** Stops the reader, then closes the producer. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            reader.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            producer.close(Duration.ofSeconds(10));
        }
    }

    private static void ensureTopic(String bootstrapServers, String topic, Duration timeout) {
        var props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "levi-registry-admin-" + topic);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        try (Admin admin = Admin.create(props)) {
            createIfMissing(admin, topic, timeout);
            checkLayout(admin, topic, timeout);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Schema registry could not set up topic " + topic + " on "
                    + bootstrapServers + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Schema registry could not reach Kafka at " + bootstrapServers
                    + " within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while setting up topic " + topic, e);
        }
    }

    private static void createIfMissing(Admin admin, String topic, Duration timeout)
            throws ExecutionException, InterruptedException, TimeoutException {
        // Replication left to the broker's default: one node here, the cluster's choice elsewhere.
        var newTopic = new NewTopic(topic, Optional.of(1), Optional.empty())
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        try {
            admin.createTopics(List.of(newTopic)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            log.info("Created schemas topic {} (1 partition, compacted)", topic);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    // Confluent refuses a schemas topic with more partitions (order would be lost) or without compaction
    // (old versions would be deleted by retention); so does this registry.
    private static void checkLayout(Admin admin, String topic, Duration timeout)
            throws ExecutionException, InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        TopicDescription description = whenKnown(deadline, () -> admin.describeTopics(List.of(topic)).allTopicNames()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(topic));
        if (description.partitions().size() != 1) {
            throw new IllegalStateException("Schemas topic " + topic + " has " + description.partitions().size()
                    + " partitions but must have exactly 1");
        }
        var resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = whenKnown(deadline, () -> admin.describeConfigs(List.of(resource)).all()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(resource));
        var policy = config.get(TopicConfig.CLEANUP_POLICY_CONFIG);
        if (policy == null || !policy.value().contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
            throw new IllegalStateException("Schemas topic " + topic + " has cleanup.policy="
                    + (policy == null ? null : policy.value()) + " but must be compact");
        }
    }

    /** An admin call that can throw what {@link java.util.concurrent.Future#get} throws. */
    @FunctionalInterface
    private interface AdminCall<T> {
        T call() throws ExecutionException, InterruptedException, TimeoutException;
    }

    // A topic just created may not be in every broker's metadata yet; its "unknown topic" is retried with backoff.
    private static <T> T whenKnown(long deadline, AdminCall<T> call)
            throws ExecutionException, InterruptedException, TimeoutException {
        while (true) {
            try {
                return call.call();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException) || System.nanoTime() > deadline) {
                    throw e;
                }
                TimeUnit.MILLISECONDS.sleep(RETRY_BACKOFF_MS);
            }
        }
    }

    private static Properties producerProperties(String bootstrapServers, String topic) {
        var props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "levi-registry-writer-" + topic);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return props;
    }

    private static Properties consumerProperties(String bootstrapServers, String topic) {
        var props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "levi-registry-reader-" + topic);
        // No group: the reader assigns the one partition itself and always starts from the beginning.
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return props;
    }
}
