package org.levistream.evaluator.dashboard;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.levistream.schemas.avro.MetricRecord;
import org.levistream.schemas.avro.OodAlert;
import org.levistream.schemas.registry.SchemaRegistryClient;
import org.levistream.schemas.serde.AvroDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the metrics and alerts topics from the beginning into a {@link MetricsView}, on one thread that owns the
 * consumer (STYLE §9). It uses no consumer group and commits nothing: every dashboard start replays both topics,
 * which are small, so the view is whole after a restart. Partitions are assigned by hand and looked up again now and
 * then, so topics that the evaluator creates after the dashboard starts are picked up.
 *
 * <p>Only committed records are read ({@code read_committed}): the evaluator writes exactly once, and an aborted
 * attempt must not show. A record that does not decode is logged with its coordinates, counted and skipped; the
 * topics are the evaluator's own output, so there is nothing to dead-letter it for.
 */
final class DashboardReader implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DashboardReader.class);
    // Looked up quickly until both topics exist, then rarely: partitions are seldom added.
    private static final Duration LOOKUP_WHILE_MISSING = Duration.ofSeconds(1);
    private static final Duration LOOKUP_WHEN_FOUND = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(200);

    private final Consumer<String, byte[]> consumer;
    private final DashboardSettings settings;
    private final MetricsView view;
    private final AvroDeserializer<MetricRecord> metrics;
    private final AvroDeserializer<OodAlert> alerts;
    private final Map<String, Counter> counters = new HashMap<>();
    private final MeterRegistry meters;
    private final Set<TopicPartition> assigned = new HashSet<>();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private long nextLookup;

    private DashboardReader(Consumer<String, byte[]> consumer, SchemaRegistryClient registry,
                            DashboardSettings settings, MetricsView view, MeterRegistry meters) {
        this.consumer = consumer;
        this.settings = settings;
        this.view = view;
        this.meters = meters;
        this.metrics = AvroDeserializer.specific(MetricRecord.class, registry, false);
        this.alerts = AvroDeserializer.specific(OodAlert.class, registry, false);
        for (String outcome : List.of("metric", "alert", "windowed", "undecodable")) {
            counters.put(outcome, Counter.builder("levi.dashboard.records").tag("outcome", outcome)
                    .description("Records the dashboard read, by what it did with them").register(meters));
        }
    }

    /**
     * Starts reading on a thread of its own.
     *
     * @param consumerProperties Kafka consumer settings, at least {@code bootstrap.servers}; the reader sets the
     *                           deserializers, {@code read_committed} and no auto-commit
     * @param registry           the schema registry; closed by the caller, after the reader
     */
    static DashboardReader start(Map<String, Object> consumerProperties, SchemaRegistryClient registry,
                                 DashboardSettings settings, MetricsView view, MeterRegistry meters) {
        Map<String, Object> props = new HashMap<>(consumerProperties);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "levi-dashboard");
        var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        var reader = new DashboardReader(consumer, registry, settings, view, meters);
        Thread thread = new Thread(reader::run, "levi-dashboard-reader");
        thread.setDaemon(true);
        thread.start();
        return reader;
    }

    /** Stops reading and closes the consumer; waits up to 15 s for the reader thread. Idempotent. */
    @Override
    public void close() throws InterruptedException {
        if (closing.compareAndSet(false, true)) {
            consumer.wakeup();
        }
        if (!stopped.await(15, TimeUnit.SECONDS)) {
            log.warn("Dashboard reader did not stop within 15 s");
        }
        List<Meter> registered = new ArrayList<>(counters.values());
        registered.forEach(meters::remove);
    }

    private void run() {
        try {
            while (!closing.get()) {
                assignNewPartitions();
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    handle(record);
                }
            }
        } catch (WakeupException e) {
            if (!closing.get()) {
                log.error("Dashboard reader woken without a stop; it stops reading", e);
            }
        } catch (RuntimeException e) {
            log.error("Dashboard reader stopped; the dashboard shows what it read so far", e);
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
            stopped.countDown();
        }
    }

    private void assignNewPartitions() {
        long now = System.nanoTime();
        if (now - nextLookup < 0) {
            return;
        }
        Set<TopicPartition> found = new HashSet<>();
        boolean missing = false;
        for (String topic : List.of(settings.metricsTopic(), settings.alertsTopic())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
            missing |= infos == null || infos.isEmpty();
            if (infos != null) {
                infos.forEach(i -> found.add(new TopicPartition(i.topic(), i.partition())));
            }
        }
        nextLookup = now + (missing ? LOOKUP_WHILE_MISSING : LOOKUP_WHEN_FOUND).toNanos();
        found.removeAll(assigned);
        if (!found.isEmpty()) {
            // assign() keeps the positions of partitions already held; only the new ones start at the beginning.
            assigned.addAll(found);
            consumer.assign(assigned);
            consumer.seekToBeginning(found);
            log.info("Dashboard reading {} from the beginning", found);
        }
    }

    private void handle(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            skip(record, "the record has no value");
            return;
        }
        try {
            if (record.topic().equals(settings.metricsTopic())) {
                show(metrics.deserialize(record.topic(), record.value()));
            } else {
                OodAlert alert = alerts.deserialize(record.topic(), record.value());
                view.add(AvroAdapter.alertKey(alert), AvroAdapter.mark(alert));
                counters.get("alert").increment();
            }
        } catch (SerializationException e) {
            skip(record, e.toString());
        }
    }

    private void skip(ConsumerRecord<String, byte[]> record, String why) {
        counters.get("undecodable").increment();
        log.warn("Dashboard skipped {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), why);
    }

    private void show(MetricRecord metric) {
        if (AvroAdapter.isWindowed(metric)) {
            // Prequential windows are not charted yet: the charts are by version, and a window is by time.
            counters.get("windowed").increment();
            return;
        }
        view.add(AvroAdapter.seriesKey(metric), AvroAdapter.point(metric));
        counters.get("metric").increment();
    }
}
