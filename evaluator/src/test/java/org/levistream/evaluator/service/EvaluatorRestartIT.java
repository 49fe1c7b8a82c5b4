package org.levistream.evaluator.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.levistream.embedded.junit.EmbeddedStackExtension;
import org.levistream.embedded.stack.EmbeddedStack;
import org.levistream.evaluator.config.EvaluatorConfig;
import org.levistream.evaluator.scoring.LoadedVersion;
import org.levistream.evaluator.scoring.VersionLoader;
import org.levistream.evaluator.testing.RatingVersions;
import org.levistream.evaluator.testing.TopicIo;
import org.levistream.evaluator.topology.WorkItem;
import org.levistream.model.metrics.Metrics;
import org.levistream.model.metrics.Scorer;
import org.levistream.schemas.avro.CheckpointEvent;
import org.levistream.schemas.avro.MetricRecord;
import org.levistream.schemas.avro.OodAlert;
import org.levistream.schemas.domain.InteractionEvent;
import org.levistream.schemas.registry.HttpSchemaRegistryClient;
import org.levistream.schemas.registry.SchemaRegistryClient;
import org.levistream.schemas.serde.AvroDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The evaluator on the real embedded broker and registry, in a child JVM killed with SIGKILL at random moments and
 * restarted: in the end every (experiment, version, topic, metric) has exactly one metric and every alert transition
 * exactly one record (read_committed), the values equal a direct scoring of the same records, and the worse versions
 * of one experiment opened alerts that a later good version resolved. Two work partitions: held-out records reach
 * both, each experiment one.
 */
@ExtendWith(EmbeddedStackExtension.class)
@Timeout(600)
class EvaluatorRestartIT {
    private static final Logger log = LoggerFactory.getLogger(EvaluatorRestartIT.class);
    private static final Path LOGS = Path.of("target", "evaluator-restart-logs");
    private static final int METRICS_PER_VERSION = 6;

    @TempDir
    Path dir;

    @Test
    void killedAtRandomMomentsItSendsEveryMetricAndAlertOnce(EmbeddedStack stack) throws Exception {
        String prefix = "restart" + System.nanoTime();
        String idTopic = prefix + ".holdout";
        String oodTopic = prefix + ".ood.shifted";
        List<InteractionEvent> id = RatingVersions.interactions(1, 1_500, 0);
        List<InteractionEvent> ood = RatingVersions.interactions(2, 1_500, 40);
        try (Admin admin = Admin.create(stack.clientProperties())) {
            admin.createTopics(List.of(new NewTopic(idTopic, 3, (short) 1), new NewTopic(oodTopic, 2, (short) 1)))
                    .all().get();
        }
        TopicIo.publish(stack, idTopic, id);
        TopicIo.publish(stack, oodTopic, ood);
        Path root = dir.resolve("checkpoints");
        List<CheckpointEvent> events = new ArrayList<>();
        // Experiment "a": good, worse, worse, good, good; experiment "b": four good versions. Good versions are
        // trained to convergence with other seeds; the worse ones on labels shifted by 1.5, far beyond the margin.
        float[] shifts = {0, 1.5f, 1.5f, 0, 0};
        for (int k = 0; k < shifts.length; k++) {
            events.add(TopicIo.event(prefix + "-a", RatingVersions.train(root.resolve("a" + k), "a", k, id, 60 + k,
                    shifts[k], prefix)));
        }
        for (int k = 0; k < 4; k++) {
            events.add(TopicIo.event(prefix + "-b", RatingVersions.train(root.resolve("b" + k), "b", 20 + k, id,
                    60 + k, 0, prefix)));
        }
        Path settings = settings(stack, prefix, idTopic, oodTopic, root);
        TopicIo.publishEvents(stack, prefix + ".checkpoints", events);
        int expected = events.size() * METRICS_PER_VERSION;

        Random random = new Random(17);
        for (int k = 0; k < 3; k++) {
            Process child = child(settings, "run-" + k);
            awaitMetrics(stack, prefix + ".metrics", 1 + k * 4, child);
            TimeUnit.MILLISECONDS.sleep(random.nextInt(50, 1_500));
            child.destroyForcibly().waitFor();
            log.info("Killed evaluator run {} after {} metrics", k, count(stack, prefix + ".metrics"));
        }
        Process last = child(settings, "run-final");
        try {
            awaitMetrics(stack, prefix + ".metrics", expected, last);
            TimeUnit.SECONDS.sleep(2); // time for a duplicate, if there were going to be one
            List<ConsumerRecord<String, byte[]>> metrics = TopicIo.readAll(stack, prefix + ".metrics");
            assertThat(metrics).extracting(ConsumerRecord::key).doesNotHaveDuplicates().hasSize(expected);
            List<OodAlert> alerts = TopicIo.alerts(stack, prefix + ".alerts");
            assertThat(alerts).extracting(a -> a.getExperiment() + "/" + a.getVersion() + "/" + a.getTopic() + "/"
                    + a.getMetric() + "/" + a.getStatus()).doesNotHaveDuplicates();
            assertThat(alerts).extracting(OodAlert::getExperiment).containsOnly(prefix + "-a");
            List<OodAlert> opened = alerts.stream().filter(a -> a.getStatus().name().equals("OPEN")).toList();
            List<OodAlert> resolved = alerts.stream().filter(a -> a.getStatus().name().equals("RESOLVED")).toList();
            assertThat(opened).isNotEmpty().extracting(OodAlert::getVersion).isSubsetOf(61L, 62L);
            assertThat(resolved).extracting(OodAlert::getVersion).containsOnly(63L);
            assertThat(resolved).extracting(a -> a.getTopic() + "/" + a.getMetric())
                    .containsExactlyInAnyOrderElementsOf(opened.stream().map(a -> a.getTopic() + "/" + a.getMetric())
                            .toList());
            assertEqualsDirectScoring(stack, metrics, events.get(0), idTopic, root, id);
        } finally {
            last.destroyForcibly().waitFor();
        }
    }

    private static void assertEqualsDirectScoring(EmbeddedStack stack, List<ConsumerRecord<String, byte[]>> metrics,
                                                  CheckpointEvent version, String idTopic, Path root,
                                                  List<InteractionEvent> records) throws Exception {
        try (SchemaRegistryClient registry = HttpSchemaRegistryClient.create(Map.of("schema.registry.url",
                stack.registryUrl()))) {
            var deserializer = AvroDeserializer.specific(MetricRecord.class, registry, false);
            String key = version.getExperiment() + "/" + version.getVersion() + "/" + idTopic + "/rmse";
            MetricRecord rmse = metrics.stream().filter(r -> r.key().equals(key))
                    .map(r -> deserializer.deserialize(r.topic(), r.value())).findFirst().orElseThrow();
            VersionLoader loader = new VersionLoader(root, Path.of("unused"), Path.of("unused"), Device.cpu());
            try (LoadedVersion model = loader.load(new WorkItem.Version(version.getExperiment(), version.getVersion(),
                    version.getPath(), version.getContentHash(), "", "small-only", 0))) {
                Metrics direct = Scorer.score(model.model(), null, new ArrayList<Object>(records),
                        model.batches()::batch, model.batches()::label, Scorer.DEFAULT_CHUNK);
                assertThat(rmse.getCount()).isEqualTo(records.size());
                assertThat(rmse.getValue()).isCloseTo(direct.get(Metrics.RMSE), within(1e-9));
            }
        }
    }

    private Path settings(EmbeddedStack stack, String prefix, String idTopic, String oodTopic, Path root)
            throws IOException {
        Properties p = new Properties();
        p.put(EvaluatorConfig.APPLICATION_ID, prefix);
        p.put(EvaluatorConfig.BOOTSTRAP_SERVERS, stack.bootstrapServers());
        p.put(EvaluatorConfig.REGISTRY_URL, stack.registryUrl());
        p.put(EvaluatorConfig.HOLDOUT_TOPICS, idTopic + "," + oodTopic);
        p.put(EvaluatorConfig.CHECKPOINTS_TOPIC, prefix + ".checkpoints");
        p.put(EvaluatorConfig.METRICS_TOPIC, prefix + ".metrics");
        p.put(EvaluatorConfig.ALERTS_TOPIC, prefix + ".alerts");
        p.put(EvaluatorConfig.WORK_TOPIC, prefix + ".work");
        p.put(EvaluatorConfig.WORK_PARTITIONS, "2");
        p.put(EvaluatorConfig.CHECKPOINT_ROOT, root.toString());
        p.put(EvaluatorConfig.SLICE_RECORDS, "32");
        p.put(EvaluatorConfig.START_QUIET, "500ms");
        p.put(EvaluatorConfig.ALERT_MARGIN, "0.25");
        p.put(EvaluatorConfig.STATE_DIR, dir.resolve("state").toString());
        p.put(EvaluatorConfig.DASHBOARD_PORT, "-1");
        p.put(EvaluatorConfig.DEVICE, "cpu");
        p.put(EvaluatorConfig.STREAMS_PREFIX + "session.timeout.ms", "6000");
        p.put(EvaluatorConfig.STREAMS_PREFIX + "heartbeat.interval.ms", "1000");
        p.put(EvaluatorConfig.STREAMS_PREFIX + "commit.interval.ms", "100");
        Path file = dir.resolve("evaluator.properties");
        try (Writer out = Files.newBufferedWriter(file)) {
            p.store(out, "EvaluatorRestartIT");
        }
        return file;
    }

    private static Process child(Path settings, String name) throws IOException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dai.djl.offline=true",
                "-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=info", "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-cp", System.getProperty("java.class.path"), EvaluatorChild.class.getName(), settings.toString());
        Files.createDirectories(LOGS);
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(LOGS.resolve(name + ".log").toFile()).start();
    }

    private static void awaitMetrics(EmbeddedStack stack, String topic, int wanted, Process p) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (System.nanoTime() < deadline) {
            if (count(stack, topic) >= wanted) {
                return;
            }
            assertThat(p.isAlive()).as("the evaluator is alive; see %s", LOGS).isTrue();
            TimeUnit.MILLISECONDS.sleep(200);
        }
        throw new AssertionError("fewer than " + wanted + " metrics on " + topic + "; see " + LOGS);
    }

    private static int count(EmbeddedStack stack, String topic) {
        return TopicIo.readAll(stack, topic).size();
    }

}
