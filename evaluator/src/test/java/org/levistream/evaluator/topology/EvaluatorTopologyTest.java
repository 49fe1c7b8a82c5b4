package org.levistream.evaluator.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.common.utils.Bytes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.levistream.evaluator.config.EvaluatorConfig;
import org.levistream.evaluator.scoring.HeldOutBatches;
import org.levistream.evaluator.scoring.HeldOutDecoder;
import org.levistream.evaluator.scoring.HeldOutSample;
import org.levistream.evaluator.scoring.LoadedVersion;
import org.levistream.evaluator.scoring.ScoringMetrics;
import org.levistream.evaluator.scoring.VersionLoader;
import org.levistream.evaluator.scoring.VersionScorer;
import org.levistream.evaluator.testing.RatingVersions;
import org.levistream.model.metrics.Metrics;
import org.levistream.model.metrics.Scorer;
import org.levistream.schemas.avro.AlertStatus;
import org.levistream.schemas.avro.CheckpointEvent;
import org.levistream.schemas.avro.Interaction;
import org.levistream.schemas.avro.MetricRecord;
import org.levistream.schemas.avro.OodAlert;
import org.levistream.schemas.avro.Split;
import org.levistream.schemas.domain.AvroMapping;
import org.levistream.schemas.domain.InteractionEvent;
import org.levistream.schemas.registry.InMemorySchemaRegistryClient;
import org.levistream.schemas.serde.AvroDeserializer;
import org.levistream.schemas.serde.AvroSerde;
import org.levistream.schemas.serde.AvroSerdeConfig;
import org.levistream.schemas.serde.AvroSerializer;

/**
 * The evaluator's topology in {@code TopologyTestDriver}, with real checkpoints on disk: metrics equal a direct
 * scoring of the same records, a version trained on corrupted labels opens alerts once, a repeat keeps them open
 * without new ones, a good version resolves them, and a checkpoint outside the root is refused.
 */
@Timeout(300)
class EvaluatorTopologyTest {
    private static final String ID = "levi.interactions.holdout";
    private static final String OOD = "levi.interactions.ood.new-items";

    @TempDir
    Path dir;

    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<InteractionEvent> idRecords = RatingVersions.interactions(1, 300, 0);
    private final List<InteractionEvent> oodRecords = RatingVersions.interactions(2, 300, 40);
    private EvaluatorConfig config;
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> checkpoints;
    private TestOutputTopic<String, MetricRecord> metrics;
    private TestOutputTopic<String, OodAlert> alerts;

    @BeforeEach
    void start() {
        start(Map.of());
    }

    private void start(Map<String, String> more) {
        Map<String, String> settings = new HashMap<>(Map.of(EvaluatorConfig.HOLDOUT_TOPICS, ID + "," + OOD,
                EvaluatorConfig.CHECKPOINT_ROOT, dir.resolve("checkpoints").toString(),
                EvaluatorConfig.SLICE_RECORDS, "64", EvaluatorConfig.START_QUIET, "0s",
                EvaluatorConfig.ALERT_MARGIN, "0.05", EvaluatorConfig.DEVICE, "cpu"));
        settings.putAll(more);
        config = EvaluatorConfig.from(settings);
        VersionLoader loader = new VersionLoader(config.checkpointRoot(), config.backboneStore(), config.glove(), Device.cpu());
        ScoringMetrics scoring = new ScoringMetrics(meters);
        var topology = EvaluatorTopology.build(config, registry, meters,
                () -> new VersionScorer(config, loader, new HeldOutDecoder(registry), scoring));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "evaluator-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("state" + System.nanoTime()).toString());
        driver = new TopologyTestDriver(topology, props, Instant.ofEpochSecond(1_700_000_000L));
        var interactions = new AvroSerializer<Interaction>(registry, AvroSerdeConfig.defaults(), false);
        pipe(ID, idRecords, interactions);
        pipe(OOD, oodRecords, interactions);
        checkpoints = driver.createInputTopic(config.checkpointsTopic(), new StringSerializer(),
                new ByteArraySerializer());
        metrics = driver.createOutputTopic(config.metricsTopic(), new StringDeserializer(),
                AvroSerde.specific(MetricRecord.class, registry, AvroSerdeConfig.defaults(), false).deserializer());
        alerts = driver.createOutputTopic(config.alertsTopic(), new StringDeserializer(),
                AvroDeserializer.specific(OodAlert.class, registry, false));
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void metricsEqualADirectScoringOfTheSameRecordsWithIntervals() throws IOException {
        RatingVersions.Written v = RatingVersions.train(dir.resolve("checkpoints"), "live", 7, idRecords, 40, 0);

        Map<String, MetricRecord> out = announceAndCollect("live", v);

        assertThat(out).containsOnlyKeys("live/40/" + ID + "/rmse", "live/40/" + ID + "/mae",
                "live/40/" + OOD + "/rmse", "live/40/" + OOD + "/mae", "live/40/" + OOD + "/rmse/gap",
                "live/40/" + OOD + "/mae/gap");
        Metrics direct = directScore(v, idRecords);
        MetricRecord rmse = out.get("live/40/" + ID + "/rmse");
        assertThat(rmse.getValue()).isCloseTo(direct.get(Metrics.RMSE), within(1e-9));
        assertThat(out.get("live/40/" + ID + "/mae").getValue()).isCloseTo(direct.get(Metrics.MAE), within(1e-9));
        assertThat(rmse.getCount()).isEqualTo(300);
        assertThat(rmse.getSplit()).isEqualTo(Split.ID);
        assertThat(rmse.getLow()).isLessThan(rmse.getValue());
        assertThat(rmse.getHigh()).isGreaterThan(rmse.getValue());
        MetricRecord gap = out.get("live/40/" + OOD + "/rmse/gap");
        assertThat(gap.getValue()).isCloseTo(out.get("live/40/" + OOD + "/rmse").getValue() - rmse.getValue(),
                within(1e-12));
        assertThat(alerts.isEmpty()).as("the first version has no reference").isTrue();
    }

    @Test
    void aWorseVersionOpensAlertsOnceAndAGoodOneResolvesThem() throws IOException {
        Path root = dir.resolve("checkpoints");
        RatingVersions.Written good = RatingVersions.train(root, "live", 7, idRecords, 40, 0);
        announceAndCollect("live", good);
        RatingVersions.Written bad = RatingVersions.train(root.resolve("bad"), "live", 8, idRecords, 60, 1.5f);
        announceAndCollect("live", bad);
        List<OodAlert> opened = alerts.readValuesToList();

        assertThat(opened).isNotEmpty().allSatisfy(a -> {
            assertThat(a.getStatus()).isEqualTo(AlertStatus.OPEN);
            assertThat(a.getVersion()).isEqualTo(60);
            assertThat(a.getReferenceVersion()).isEqualTo(40);
            assertThat(a.getDifferenceLow()).isGreaterThan(0);
            assertThat(a.getRule()).contains("Holm");
        });
        assertThat(opened).extracting(a -> a.getTopic() + "/" + a.getMetric()).doesNotHaveDuplicates()
                .contains(OOD + "/rmse");

        RatingVersions.Written stillBad = RatingVersions.train(root.resolve("bad2"), "live", 9, idRecords, 70, 1.5f);
        announceAndCollect("live", stillBad);
        assertThat(alerts.isEmpty()).as("no second alert while the condition holds").isTrue();

        RatingVersions.Written fixed = RatingVersions.train(root.resolve("fixed"), "live", 10, idRecords, 80, 0);
        announceAndCollect("live", fixed);
        List<OodAlert> resolved = alerts.readValuesToList();
        assertThat(resolved).extracting(a -> a.getTopic() + "/" + a.getMetric())
                .containsExactlyInAnyOrderElementsOf(opened.stream().map(a -> a.getTopic() + "/" + a.getMetric())
                        .toList());
        assertThat(resolved).allSatisfy(a -> {
            assertThat(a.getStatus()).isEqualTo(AlertStatus.RESOLVED);
            assertThat(a.getVersion()).isEqualTo(80);
        });
    }

    @Test
    void prequentialModeScoresLaterArrivalsWithTheCurrentVersionPerEventTimeWindow() throws IOException {
        driver.close();
        start(Map.of(EvaluatorConfig.PREQUENTIAL_WINDOW, "1000s"));
        RatingVersions.Written v = RatingVersions.train(dir.resolve("checkpoints"), "live", 7, idRecords, 40, 0);
        announceAndCollect("live", v);
        List<InteractionEvent> later = RatingVersions.interactions(3, 200, 0, 2_000_000L);
        var interactions = new AvroSerializer<Interaction>(registry, AvroSerdeConfig.defaults(), false);

        pipe(ID, later, interactions);
        pipe(ID, RatingVersions.interactions(4, 1, 0, 2_001_500L), interactions);   // event time passes the window
        Map<String, MetricRecord> windowed = new HashMap<>();
        for (int i = 0; i < 50 && windowed.size() < 2; i++) {
            driver.advanceWallClockTime(Duration.ofMillis(100));
            metrics.readKeyValuesToList().stream().filter(kv -> kv.value.getWindowStart() != null)
                    .forEach(kv -> windowed.put(kv.key, kv.value));
        }

        String key = "live/40/" + ID + "/rmse/window/2000000000";
        assertThat(windowed).containsOnlyKeys(key, "live/40/" + ID + "/mae/window/2000000000");
        MetricRecord rmse = windowed.get(key);
        assertThat(rmse.getCount()).isEqualTo(200);
        assertThat(rmse.getWindowEnd()).isEqualTo(Instant.ofEpochSecond(2_001_000L));
        assertThat(rmse.getValue()).isCloseTo(directScore(v, later).get(Metrics.RMSE), within(1e-9));
    }

    @Test
    void eachTopicKeepsTheRecordsWithTheSmallestSeededPrioritiesAndScoresThem() throws IOException {
        driver.close();
        start(Map.of(EvaluatorConfig.SAMPLE_SIZE, "50"));
        List<Long> expected = new ArrayList<>();
        for (long offset = 0; offset < idRecords.size(); offset++) {
            expected.add(HeldOutSample.priority(config.sampleSeed(), ID, 0, offset));
        }
        expected.sort(null);

        KeyValueStore<Bytes, byte[]> store = driver.getKeyValueStore(EvaluatorTopology.SAMPLE_STORE);
        List<Long> kept = new ArrayList<>();
        try (var it = store.all()) {
            it.forEachRemaining(kv -> {
                if (((WorkItem.HeldOut) WorkItem.decode(kv.value)).topic().equals(ID)) {
                    kept.add(ByteBuffer.wrap(kv.key.get(), kv.key.get().length - 8, 8).getLong());
                }
            });
        }
        assertThat(kept).containsExactlyElementsOf(expected.subList(0, 50));
        RatingVersions.Written v = RatingVersions.train(dir.resolve("checkpoints"), "live", 7, idRecords, 40, 0);
        assertThat(announceAndCollect("live", v).get("live/40/" + ID + "/rmse").getCount()).isEqualTo(50);
    }

    @Test
    void anUnreadableHeldOutRecordIsDeadLetteredWholeWithItsReason() {
        TestInputTopic<String, byte[]> in = driver.createInputTopic(ID, new StringSerializer(), new ByteArraySerializer());
        TestOutputTopic<byte[], byte[]> dead = driver.createOutputTopic(config.deadLetterTopic(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer());

        in.pipeInput("u1", "not avro".getBytes(java.nio.charset.StandardCharsets.UTF_8));

        var record = dead.readRecord();
        assertThat(record.value()).isEqualTo("not avro".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(org.levistream.schemas.deadletter.DeadLetterHeaders.read(record.headers(),
                org.levistream.schemas.deadletter.DeadLetterHeaders.REASON)).isEqualTo("unreadable-holdout");
        assertThat(org.levistream.schemas.deadletter.DeadLetterHeaders.read(record.headers(),
                org.levistream.schemas.deadletter.DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo(ID);
        assertThat(dead.isEmpty()).isTrue();
    }

    @Test
    void aCheckpointOutsideTheRootIsRefusedAndCounted() throws IOException {
        java.nio.file.Files.createDirectories(dir.resolve("checkpoints"));
        RatingVersions.Written elsewhere = RatingVersions.train(dir.resolve("elsewhere"), "live", 7, idRecords, 10, 0);

        Map<String, MetricRecord> out = announceAndCollect("live", elsewhere);

        assertThat(out).isEmpty();
        assertThat(meters.get("levi_evaluator_versions_refused").tag("reason", "outside-root").counter().count())
                .isEqualTo(1.0);
    }

    @Test
    void aCheckpointWhoseFilesChangedIsRefused() throws IOException {
        RatingVersions.Written v = RatingVersions.train(dir.resolve("checkpoints"), "live", 7, idRecords, 10, 0);
        RatingVersions.Written announced = new RatingVersions.Written(v.dir(), "0".repeat(64), v.step());

        assertThat(announceAndCollect("live", announced)).isEmpty();
        assertThat(meters.get("levi_evaluator_versions_refused").tag("reason", "hash-mismatch").counter().count())
                .isEqualTo(1.0);
    }

    private Map<String, MetricRecord> announceAndCollect(String experiment, RatingVersions.Written v) {
        var serializer = new AvroSerializer<CheckpointEvent>(registry, AvroSerdeConfig.defaults(), false);
        CheckpointEvent event = CheckpointEvent.newBuilder().setExperiment(experiment).setVersion(v.step())
                .setPath(v.dir().toString()).setContentHash(v.contentHash()).setBackboneHash("").setMethod("small-only")
                .setNextOffsets(List.of()).setValidationMetrics(new HashMap<>()).setCreatedAt(Instant.now()).build();
        checkpoints.pipeInput(experiment, serializer.serialize(config.checkpointsTopic(), event));
        Map<String, MetricRecord> out = new HashMap<>();
        for (int i = 0; i < 200 && out.size() < 6; i++) {
            driver.advanceWallClockTime(Duration.ofMillis(100));
            metrics.readKeyValuesToList().forEach(kv -> out.put(kv.key, kv.value));
        }
        driver.advanceWallClockTime(Duration.ofMillis(500));
        metrics.readKeyValuesToList().forEach(kv -> out.put(kv.key, kv.value));
        return out;
    }

    private void pipe(String topic, List<InteractionEvent> records, AvroSerializer<Interaction> serializer) {
        TestInputTopic<String, byte[]> in = driver.createInputTopic(topic, new StringSerializer(),
                new ByteArraySerializer());
        for (InteractionEvent e : records) {
            in.pipeInput(e.userId(), serializer.serialize(topic, AvroMapping.toAvro(e)));
        }
    }

    private Metrics directScore(RatingVersions.Written v, List<InteractionEvent> records) throws IOException {
        VersionLoader loader = new VersionLoader(config.checkpointRoot(), config.backboneStore(), config.glove(), Device.cpu());
        var announced = new WorkItem.Version("live", v.step(), v.dir().toString(), v.contentHash(), "", "small-only", 0);
        try (LoadedVersion model = loader.load(announced)) {
            HeldOutBatches batches = model.batches();
            return Scorer.score(model.model(), null, new ArrayList<Object>(records), batches::batch, batches::label,
                    Scorer.DEFAULT_CHUNK);
        } catch (org.levistream.evaluator.scoring.VersionRefusedException e) {
            throw new AssertionError(e);
        }
    }
}
