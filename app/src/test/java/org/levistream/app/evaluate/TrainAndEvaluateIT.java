package org.levistream.app.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.levistream.app.TopicRecords;
import org.levistream.embedded.junit.EmbeddedStackExtension;
import org.levistream.embedded.stack.EmbeddedStack;
import org.levistream.evaluator.config.EvaluatorConfig;
import org.levistream.evaluator.service.EvaluatorService;
import org.levistream.model.features.GenreVocabulary;
import org.levistream.schemas.avro.CheckpointEvent;
import org.levistream.schemas.avro.MetricRecord;
import org.levistream.schemas.avro.Split;
import org.levistream.schemas.registry.SchemaRegistryClient;
import org.levistream.trainer.config.TrainerSettings;
import org.levistream.trainer.loop.TrainerListener;
import org.levistream.trainer.loop.TrainerService;
import org.levistream.trainer.testing.Images;
import org.levistream.trainer.testing.Interactions;
import org.levistream.trainer.testing.TinyBackbone;
import org.levistream.trainer.testing.TinyGlove;
import org.levistream.trainer.testing.TrainerSettingsFixture;

/**
 * The real trainer and the real evaluator on the embedded broker and registry, for both streams: LEVI over a tiny
 * backbone trains from a topic, validating on the ID holdout at each checkpoint, and the evaluator scores every
 * version it announces on the holdout and an OOD topic. The evaluator's ID metrics of each version equal the
 * trainer's own validation of that version on the same records: two independent paths, one number.
 */
@ExtendWith(EmbeddedStackExtension.class)
@Timeout(400)
class TrainAndEvaluateIT {
    @TempDir
    Path dir;

    /** The GloVe file of a run with movielens features. */
    private Path glove;

    @Test
    void ratingVersionsAreScoredAsTheTrainerValidatedThem(EmbeddedStack stack) throws Exception {
        String topic = "e2e-ratings-" + System.nanoTime();
        produceRatings(stack, topic);
        String hash = TinyBackbone.store(dir.resolve("backbones"));
        Map<String, String> settings = TrainerSettingsFixture.tiny(stack, topic, "levi", dir.resolve("ckpt"),
                dir.resolve("backbones"), hash);

        List<CheckpointEvent> versions = trainAndEvaluate(stack, topic, settings, 150);

        Map<String, MetricRecord> metrics = metrics(stack, topic);
        assertThat(metrics).hasSize(versions.size() * 6);
        for (CheckpointEvent v : versions) {
            String id = "levi/" + v.getVersion() + "/" + topic + ".holdout/";
            assertThat(metrics.get(id + "rmse").getValue()).as("version %d", v.getVersion())
                    .isCloseTo(v.getValidationMetrics().get("rmse"), within(1e-5));
            assertThat(metrics.get(id + "mae").getValue()).isCloseTo(v.getValidationMetrics().get("mae"), within(1e-5));
            assertThat(metrics.get(id + "rmse").getCount()).isEqualTo(150);
            assertThat(metrics.get("levi/" + v.getVersion() + "/" + topic + ".ood.later/rmse").getSplit())
                    .isEqualTo(Split.OOD);
        }
    }

    @Test
    void movieLensVersionsAreScoredWithTheUserHistoriesTheirCheckpointsCarry(EmbeddedStack stack) throws Exception {
        String topic = "e2e-movielens-" + System.nanoTime();
        produceRatings(stack, topic);
        int content = TinyGlove.DIMENSION + GenreVocabulary.MOVIELENS.size() + 2;
        String hash = TinyBackbone.store(dir.resolve("backbones"), content + content + 2);
        Map<String, String> settings = TrainerSettingsFixture.tiny(stack, topic, "levi", dir.resolve("ckpt"),
                dir.resolve("backbones"), hash);
        settings.put("trainer.features", "movielens");
        settings.put("trainer.features.glove", TinyGlove.write(dir.resolve("glove.bin")).toString());
        settings.put("trainer.features.recent.items", "5");
        glove = dir.resolve("glove.bin");

        List<CheckpointEvent> versions = trainAndEvaluate(stack, topic, settings, 150);

        Map<String, MetricRecord> metrics = metrics(stack, topic);
        assertThat(metrics).hasSize(versions.size() * 6);
        // The last checkpoint is written after the feed featurized every record, so its history is the one the
        // trainer validated with; earlier ones may have been a few batches ahead of their validation.
        CheckpointEvent last = versions.get(versions.size() - 1);
        String id = "levi/" + last.getVersion() + "/" + topic + ".holdout/";
        assertThat(metrics.get(id + "rmse").getValue()).isCloseTo(last.getValidationMetrics().get("rmse"), within(1e-5));
        assertThat(metrics.get(id + "mae").getValue()).isCloseTo(last.getValidationMetrics().get("mae"), within(1e-5));
    }

    @Test
    void imageVersionsAreScoredAsTheTrainerValidatedThem(EmbeddedStack stack) throws Exception {
        String topic = "e2e-images-" + System.nanoTime();
        try (SchemaRegistryClient registry = Interactions.registry(stack)) {
            produce(stack, topic, Images.encode(registry, topic, Images.generate(320, 1)));
            produce(stack, topic + ".holdout", Images.encode(registry, topic + ".holdout", Images.generate(100, 2)));
            produce(stack, topic + ".ood.other", Images.encode(registry, topic + ".ood.other",
                    Images.generate(100, 3)));
        }
        String hash = TinyBackbone.storeImageBackbone(dir.resolve("backbones"));
        Map<String, String> settings = TrainerSettingsFixture.tinyImages(stack, topic, "levi", dir.resolve("ckpt"),
                dir.resolve("backbones"), hash);

        List<CheckpointEvent> versions = trainAndEvaluate(stack, topic, settings, 100);

        Map<String, MetricRecord> metrics = metrics(stack, topic);
        assertThat(metrics).hasSize(versions.size() * 9);
        for (CheckpointEvent v : versions) {
            String id = "levi/" + v.getVersion() + "/" + topic + ".holdout/";
            assertThat(metrics.get(id + "accuracy").getValue()).as("version %d", v.getVersion())
                    .isCloseTo(v.getValidationMetrics().get("accuracy"), within(1e-9));
            assertThat(metrics.get(id + "nll").getValue()).isCloseTo(v.getValidationMetrics().get("nll"),
                    within(1e-5));
            assertThat(metrics.get(id + "ece").getLow()).isNotNull();
        }
    }

    /** Trains to the end of the topic, then evaluates every version; returns the versions announced. */
    private List<CheckpointEvent> trainAndEvaluate(EmbeddedStack stack, String topic, Map<String, String> settings,
                                                   int holdout) throws Exception {
        settings.put("trainer.end", "end");
        settings.put("trainer.holdout.topic", topic + ".holdout");
        settings.put("trainer.holdout.sample", Integer.toString(holdout));
        try (var trainer = TrainerService.start(TrainerSettings.toConfig(settings), TrainerListener.NONE)) {
            assertThat(trainer.awaitTermination(Duration.ofSeconds(120))).contains(TrainerService.Outcome.FINISHED);
        }
        List<CheckpointEvent> versions = checkpointEvents(stack, topic + ".checkpoints");
        assertThat(versions).hasSizeGreaterThanOrEqualTo(3);
        Map<String, String> evaluator = new TreeMap<>();
        evaluator.put(EvaluatorConfig.APPLICATION_ID, topic + "-evaluator");
        evaluator.put(EvaluatorConfig.BOOTSTRAP_SERVERS, stack.bootstrapServers());
        evaluator.put(EvaluatorConfig.REGISTRY_URL, stack.registryUrl());
        evaluator.put(EvaluatorConfig.HOLDOUT_TOPICS, topic + ".holdout," + topic + ".ood."
                + (topic.contains("images") ? "other" : "later"));
        evaluator.put(EvaluatorConfig.CHECKPOINTS_TOPIC, topic + ".checkpoints");
        evaluator.put(EvaluatorConfig.METRICS_TOPIC, topic + ".metrics");
        evaluator.put(EvaluatorConfig.ALERTS_TOPIC, topic + ".alerts");
        evaluator.put(EvaluatorConfig.WORK_TOPIC, topic + ".work");
        evaluator.put(EvaluatorConfig.CHECKPOINT_ROOT, dir.resolve("ckpt").toString());
        evaluator.put(EvaluatorConfig.BACKBONE_STORE, dir.resolve("backbones").toString());
        if (glove != null) {
            evaluator.put(EvaluatorConfig.GLOVE, glove.toString());
        }
        evaluator.put(EvaluatorConfig.STATE_DIR, dir.resolve("state").toString());
        evaluator.put(EvaluatorConfig.START_QUIET, "300ms");
        evaluator.put(EvaluatorConfig.DASHBOARD_PORT, "-1");
        evaluator.put(EvaluatorConfig.DEVICE, "cpu");
        int perVersion = topic.contains("images") ? 9 : 6;
        try (EvaluatorService service = EvaluatorService.start(EvaluatorConfig.from(evaluator),
                new SimpleMeterRegistry())) {
            long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
            while (metrics(stack, topic).size() < versions.size() * perVersion && System.nanoTime() < deadline) {
                assertThat(service.isRunning()).as("evaluator running; failure %s", service.failure()).isTrue();
                Thread.sleep(300);
            }
        }
        return versions;
    }

    /** The live, ID holdout and OOD rating topics of a run: 400, 150 and 150 generated interactions. */
    private static void produceRatings(EmbeddedStack stack, String topic) {
        produce(stack, topic, Interactions.encode(stack, topic, Interactions.generate(400, 1)));
        produce(stack, topic + ".holdout", Interactions.encode(stack, topic + ".holdout", Interactions.generate(150, 2)));
        produce(stack, topic + ".ood.later", Interactions.encode(stack, topic + ".ood.later",
                Interactions.generate(150, 3)));
    }

    private static void produce(EmbeddedStack stack, String topic, List<byte[]> values) {
        stack.broker().createTopic(topic, 2, Map.of());
        Interactions.produce(stack, topic, 2, values, 100, false);
    }

    private static List<CheckpointEvent> checkpointEvents(EmbeddedStack stack, String topic) {
        return TopicRecords.read(stack, topic, CheckpointEvent.class);
    }

    private static Map<String, MetricRecord> metrics(EmbeddedStack stack, String topic) {
        Map<String, MetricRecord> out = new HashMap<>();
        for (MetricRecord r : TopicRecords.read(stack, topic + ".metrics", MetricRecord.class)) {
            out.put(r.getExperiment() + "/" + r.getVersion() + "/" + r.getTopic() + "/" + r.getMetric()
                    + (r.getSplit() == Split.GAP ? "/gap" : ""), r);
        }
        return out;
    }
}
