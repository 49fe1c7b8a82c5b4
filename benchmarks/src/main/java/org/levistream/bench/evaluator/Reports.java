package org.levistream.bench.evaluator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.levistream.evaluator.config.EvaluatorConfig;
import org.levistream.schemas.avro.MetricRecord;
import org.levistream.schemas.avro.OodAlert;
import org.levistream.schemas.registry.SchemaRegistryClient;
import org.levistream.schemas.serde.AvroDeserializer;

/**
 * What the evaluator said, as a downstream reader sees it: a {@code read_committed} consumer of its metrics and
 * alerts topics. Only the thread that created it may poll it.
 */
final class Reports implements AutoCloseable {
    /** A version: experiment and number. */
    record VersionId(String experiment, long version) {}

    private final KafkaConsumer<String, byte[]> consumer;
    private final EvaluatorConfig config;
    private final AvroDeserializer<MetricRecord> metrics;
    private final AvroDeserializer<OodAlert> alerts;
    private final Map<VersionId, Set<String>> metricKeys = new HashMap<>();
    private final Map<VersionId, Long> lastMetricAt = new HashMap<>();
    private final Map<VersionId, List<OodAlert>> alertsByVersion = new HashMap<>();

    Reports(EvaluatorConfig config, SchemaRegistryClient registry) {
        this.config = config;
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "levi-bench-reports-" + System.nanoTime());
        this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        this.metrics = AvroDeserializer.specific(MetricRecord.class, registry, false);
        this.alerts = AvroDeserializer.specific(OodAlert.class, registry, false);
        consumer.subscribe(List.of(config.metricsTopic(), config.alertsTopic()));
    }

    /**
     * Reads what arrived.
     *
     * @param timeout how long to wait for the first record
     * @return records read
     */
    int poll(Duration timeout) {
        int n = 0;
        for (ConsumerRecord<String, byte[]> r : consumer.poll(timeout)) {
            long now = System.nanoTime();
            if (r.topic().equals(config.metricsTopic())) {
                MetricRecord m = metrics.deserialize(r.topic(), r.value());
                VersionId v = new VersionId(m.getExperiment(), m.getVersion());
                metricKeys.computeIfAbsent(v, k -> new HashSet<>()).add(r.key());
                lastMetricAt.put(v, now);
            } else {
                OodAlert a = alerts.deserialize(r.topic(), r.value());
                alertsByVersion.computeIfAbsent(new VersionId(a.getExperiment(), a.getVersion()),
                        k -> new ArrayList<>()).add(a);
            }
            n++;
        }
        return n;
    }

    /**
     * Polls until the consumer has its partitions, so that a timing started afterwards does not include joining the
     * group.
     *
     * @param timeout how long at most
     */
    void awaitAssignment(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (consumer.assignment().isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the reports consumer got no partitions in " + timeout.toSeconds()
                        + " s");
            }
            poll(Duration.ofMillis(100));
        }
    }

    /**
     * How many distinct metrics of a version arrived.
     *
     * @param v the version
     * @return distinct metric keys
     */
    int metricCount(VersionId v) {
        Set<String> keys = metricKeys.get(v);
        return keys == null ? 0 : keys.size();
    }

    /**
     * When the newest metric of a version was read ({@link System#nanoTime()}).
     *
     * @param v the version
     * @return the time, or null before any
     */
    Long lastMetricAt(VersionId v) {
        return lastMetricAt.get(v);
    }

    /**
     * The alerts a version opened or resolved.
     *
     * @param v the version
     * @return its alerts, possibly none
     */
    List<OodAlert> alerts(VersionId v) {
        return alertsByVersion.getOrDefault(v, List.of());
    }

    @Override
    public void close() {
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(10)));
    }
}
