package org.levistream.evaluator.dashboard;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.levistream.embedded.stack.EmbeddedStack;
import org.levistream.schemas.avro.AlertStatus;
import org.levistream.schemas.avro.MetricRecord;
import org.levistream.schemas.avro.OodAlert;
import org.levistream.schemas.avro.Split;
import org.levistream.schemas.registry.HttpSchemaRegistryClient;
import org.levistream.schemas.serde.AvroSerdeConfig;
import org.levistream.schemas.serde.AvroSerializer;

/**
 * What the evaluator writes, made up for the dashboard's tests: rmse of two experiments (FT and LEVI replays) on the
 * recommendation holdout and two OOD topics over three versions, with 95% intervals and the ID–OOD gaps, accuracy
 * of one experiment on the images holdout, and one open alert.
 */
final class EvaluatorOutput {
    static final String HOLDOUT = "levi.recommendation.holdout";
    static final String LATE_USERS = "levi.recommendation.ood.late-users";
    static final String COLD_ITEMS = "levi.recommendation.ood.cold-items";
    static final List<String> EXPERIMENTS = List.of("replay-ft", "replay-levi");
    static final int VERSIONS = 3;
    /** Two experiments times (ID, two OOD, two GAP), plus the images holdout. */
    static final int SERIES = 2 * 5 + 1;
    static final int POINTS = SERIES * VERSIONS;
    /** Per stream, one chart per metric and one per gap metric: rmse, rmse gap, images accuracy. */
    static final int CHARTS = 3;
    private static final Instant AT = Instant.parse("2025-03-01T12:00:00Z");

    private EvaluatorOutput() {
    }

    /** Every metric record: one per (experiment, version, topic, split). */
    static List<MetricRecord> metrics() {
        List<MetricRecord> records = new ArrayList<>();
        for (int e = 0; e < EXPERIMENTS.size(); e++) {
            String experiment = EXPERIMENTS.get(e);
            for (long v = 1; v <= VERSIONS; v++) {
                double id = 0.90 - 0.02 * v;
                double late = 1.05 + (e == 0 ? 0.06 * v : -0.01 * v);   // FT forgets out of distribution; LEVI not
                double cold = 1.15 + (e == 0 ? 0.04 * v : 0.0);
                records.add(metric(experiment, v, HOLDOUT, Split.ID, "rmse", id));
                records.add(metric(experiment, v, LATE_USERS, Split.OOD, "rmse", late));
                records.add(metric(experiment, v, COLD_ITEMS, Split.OOD, "rmse", cold));
                records.add(metric(experiment, v, LATE_USERS, Split.GAP, "rmse", id - late));
                records.add(metric(experiment, v, COLD_ITEMS, Split.GAP, "rmse", id - cold));
            }
        }
        for (long v = 1; v <= VERSIONS; v++) {
            records.add(metric("replay-levi", v, "levi.images.holdout", Split.ID, "accuracy", 0.80 + 0.03 * v));
        }
        return records;
    }

    /** One metric record with a ±0.03 interval on 500 records. */
    static MetricRecord metric(String experiment, long version, String topic, Split split, String metric,
                               double value) {
        return MetricRecord.newBuilder().setExperiment(experiment).setVersion(version).setTopic(topic)
                .setSplit(split).setMetric(metric).setValue(value).setCount(500)
                .setLow(value - 0.03).setHigh(value + 0.03).setComputedAt(AT.plusSeconds(version)).build();
    }

    /** FT's rmse on late users, raised at version 3 against version 2. */
    static OodAlert openAlert() {
        return OodAlert.newBuilder().setExperiment("replay-ft").setVersion(3).setReferenceVersion(2)
                .setTopic(LATE_USERS).setMetric("rmse").setValue(1.23).setReferenceValue(1.17).setThreshold(0.02)
                .setPValue(0.004).setReason("rmse on late users worse than v2 by 0.06 (margin 0.02)")
                .setRaisedAt(AT.plusSeconds(60)).setStatus(AlertStatus.OPEN).build();
    }

    /** Writes records to a topic, keyed by experiment, and waits until the broker has them. */
    static void produce(EmbeddedStack stack, String topic, List<? extends SpecificRecord> records) {
        var registry = HttpSchemaRegistryClient.create(Map.of("schema.registry.url", stack.registryUrl()));
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all");
        try (registry; var producer = new KafkaProducer<>(props, new StringSerializer(),
                new AvroSerializer<SpecificRecord>(registry, AvroSerdeConfig.defaults(), false))) {
            for (SpecificRecord record : records) {
                producer.send(new ProducerRecord<>(topic, String.valueOf(record.get(0)), record));
            }
            producer.flush();
        }
    }
}
