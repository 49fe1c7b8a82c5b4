package org.levistream.evaluator.topology;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;
import org.levistream.evaluator.config.EvaluatorConfig;
import org.levistream.evaluator.scoring.VersionScorer;
import org.levistream.schemas.avro.MetricRecord;
import org.levistream.schemas.avro.OodAlert;
import org.levistream.schemas.registry.SchemaRegistryClient;
import org.levistream.schemas.serde.AvroSerde;
import org.levistream.schemas.serde.AvroSerdeConfig;

/**
 * The evaluator's topology, two sub-topologies joined by the work topic:
 * <pre>
 *   held-out topics --HeldOutRouter--+                                      +--> levi.metrics
 *                                    +--> work topic --VersionScorer(stores)-+
 *   levi.checkpoints --CheckpointRouter+                                    +--> levi.alerts
 *   (unreadable records of either router --> dead-letter topic)
 * </pre>
 * The routers read each record once and place it ({@link WorkPartitioner}): held-out records on every work
 * partition, versions on their experiment's. The scorer keeps the samples, the per-experiment state, the snapshots,
 * the scored slices and the references in changelogged stores, and emits a version's metrics and alerts together.
 */
public final class EvaluatorTopology {
    /** Sampled held-out records. */
    public static final String SAMPLE_STORE = "holdout-sample";
    /** Held-out records seen per topic. */
    public static final String SAMPLE_COUNT_STORE = "holdout-seen";
    /** Per-experiment state (JSON). */
    public static final String EXPERIMENT_STORE = "experiments";
    /** Per-version snapshots of the samples. */
    public static final String SNAPSHOT_STORE = "snapshots";
    /** Scored slices. */
    public static final String SLICE_STORE = "slices";
    /** Reference scorings. */
    public static final String REFERENCE_STORE = "references";
    /** Held-out records waiting for prequential scoring. */
    public static final String PREQUENTIAL_PENDING_STORE = "prequential-pending";
    /** Prequential window sums. */
    public static final String PREQUENTIAL_WINDOW_STORE = "prequential-windows";
    /** Each held-out topic's event time, as prequential scoring has seen it. */
    public static final String PREQUENTIAL_CLOCK_STORE = "prequential-clocks";
    /** The work topic's sink. */
    public static final String WORK_SINK = "work-sink";
    /** The metrics topic's sink. */
    public static final String METRICS_SINK = "metrics-sink";
    /** The alerts topic's sink. */
    public static final String ALERTS_SINK = "alerts-sink";
    /** The dead-letter topic's sink. */
    public static final String DEAD_LETTER_SINK = "dead-letter-sink";

    private static final String SCORER = "version-scorer";

    private EvaluatorTopology() {}

    /**
     * Builds the topology.
     *
     * @param config   the settings
     * @param registry the schema registry client, shared by every serde
     * @param meters   where the routers count dead letters
     * @param scorer   makes one scorer per task
     * @return the topology
     */
    public static Topology build(EvaluatorConfig config, SchemaRegistryClient registry, MeterRegistry meters,
                                 Supplier<VersionScorer> scorer) {
        Topology t = new Topology();
        DeadLetters deadLetters = new DeadLetters(meters);
        t.addSource("holdout-source", new ByteArrayDeserializer(), new ByteArrayDeserializer(),
                config.holdoutTopics().toArray(String[]::new));
        t.addSource("checkpoint-source", new ByteArrayDeserializer(), new ByteArrayDeserializer(),
                config.checkpointsTopic());
        t.addProcessor("holdout-router", () -> new HeldOutRouter(registry, deadLetters), "holdout-source");
        t.addProcessor("checkpoint-router", () -> new CheckpointRouter(registry, config, deadLetters),
                "checkpoint-source");
        t.addSink(WORK_SINK, config.workTopic(), new StringSerializer(), workSerializer(), new WorkPartitioner(),
                "holdout-router", "checkpoint-router");
        t.addSink(DEAD_LETTER_SINK, config.deadLetterTopic(), new ByteArraySerializer(), new ByteArraySerializer(),
                "holdout-router", "checkpoint-router");

        t.addSource("work-source", new StringDeserializer(), workDeserializer(), config.workTopic());
        t.addProcessor(SCORER, scorer::get, "work-source");
        addStores(t);
        t.addSink(METRICS_SINK, config.metricsTopic(), new StringSerializer(),
                AvroSerde.specific(MetricRecord.class, registry, AvroSerdeConfig.defaults(), false).serializer(),
                SCORER);
        t.addSink(ALERTS_SINK, config.alertsTopic(), new StringSerializer(),
                AvroSerde.specific(OodAlert.class, registry, AvroSerdeConfig.defaults(), false).serializer(), SCORER);
        return t;
    }

    /**
     * The topics the evaluator writes and must exist before it starts (its stores' changelogs are created by Kafka
     * Streams itself).
     *
     * @param config the settings
     * @return the work, metrics, alerts and dead-letter topics
     */
    public static List<String> outputTopics(EvaluatorConfig config) {
        return new ArrayList<>(List.of(config.workTopic(), config.metricsTopic(), config.alertsTopic(),
                config.deadLetterTopic()));
    }

    private static void addStores(Topology t) {
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SAMPLE_STORE), Serdes.Bytes(),
                Serdes.ByteArray()), SCORER);
        for (String name : List.of(SAMPLE_COUNT_STORE, PREQUENTIAL_CLOCK_STORE)) {
            t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(),
                    Serdes.Long()), SCORER);
        }
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(EXPERIMENT_STORE),
                Serdes.String(), Serdes.String()), SCORER);
        for (String name : List.of(SNAPSHOT_STORE, SLICE_STORE, REFERENCE_STORE, PREQUENTIAL_PENDING_STORE,
                PREQUENTIAL_WINDOW_STORE)) {
            t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(),
                    Serdes.ByteArray()), SCORER);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> Serializer<T> workSerializer() {
        return (topic, item) -> WorkItem.encode((WorkItem) item);
    }

    private static Deserializer<WorkItem> workDeserializer() {
        return (topic, bytes) -> WorkItem.decode(bytes);
    }
}
