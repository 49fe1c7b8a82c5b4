package org.levistream.trainer.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.levistream.common.config.InvalidConfigException;
import org.levistream.common.config.SettingsLayers;
import org.levistream.model.levi.Method;
import org.levistream.trainer.position.EndPoint;

class TrainerSettingsTest {
    private static final String HASH = "a".repeat(64);

    @TempDir
    Path dir;

    @Test
    void readsNestedYamlWithDefaultsAndTheRightPrecedence() throws IOException {
        Path file = Files.writeString(dir.resolve("trainer.yaml"), """
                trainer:
                  experiment: from-file
                  batch.size: 100
                  checkpoint:
                    every: 10s
                  input.topics: [a, b]
                  backbone: {store: /tmp/store, hash: %s}
                model:
                  method: ft
                  optimizer.learning.rate: 0.001
                """.formatted(HASH));
        Map<String, String> env = TrainerSettings.fromEnvironment(Map.of("LEVI_TRAINER_BATCH_SIZE", "50",
                "LEVI_MODEL_SEED", "3", "HOME", "/root", "LEVI_OTHER_THING", "x"));
        Map<String, String> flags = Map.of("trainer.experiment", "from-flag");
        TrainerConfig config = TrainerSettings.toConfig(TrainerSettings.merge(SettingsLayers.readYaml(file), env, flags));

        assertThat(config.experiment()).isEqualTo("from-flag");
        assertThat(config.batchSize()).isEqualTo(50);
        assertThat(config.model().seed()).isEqualTo(3);
        assertThat(config.model().method()).isEqualTo(Method.FT);
        assertThat(config.inputTopics()).containsExactly("a", "b");
        assertThat(config.checkpointEvery()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.groupId()).isEqualTo("levi-trainer.from-flag");
        assertThat(config.checkpointDir()).isEqualTo(Path.of("checkpoints/from-flag"));
        assertThat(config.deadLetterTopic()).isEqualTo("levi.deadletter");
        assertThat(config.end()).isInstanceOf(EndPoint.None.class);
        assertThat(config.backbone().kind()).isEqualTo(BackboneSetting.Kind.STORE);
    }

    @Test
    void theDigitsConfigTrainsAnImageClassifierAsTheOfflineProtocolDoes() throws IOException {
        Map<String, String> file = new HashMap<>(SettingsLayers.readYaml(Path.of("..", "config", "trainer-digits.yaml")));
        // The catalogue is levi pretrain's output, absent here; the rest of the file is read as it is.
        file.remove("trainer.backbone.catalog");
        file.remove("trainer.backbone.name");
        file.put("trainer.backbone.hash", HASH);
        file.put("trainer.experiment", "digits-live");

        TrainerConfig config = TrainerSettings.toConfig(TrainerSettings.merge(file));

        assertThat(config.features().kind()).isEqualTo(FeatureSetting.Kind.IMAGE);
        assertThat(config.inputTopics()).containsExactly("levi.images");
        assertThat(config.holdoutTopic()).isEqualTo("levi.images.holdout");
        assertThat(config.batchSize()).isEqualTo(512);
        assertThat(config.model().task()).isEqualTo(org.levistream.model.levi.TaskKind.CLASSIFICATION);
        assertThat(config.model().small().kind()).isEqualTo(org.levistream.model.task.SmallModelSpec.Kind.CNN);
        assertThat(config.model().optimizer()).isEqualTo(org.levistream.model.optim.OptimizerSpec.sgd(0.01f, 0.9f));
        assertThat(config.trainingSettings()).containsEntry("trainer.features", "image");
    }

    @Test
    void namesTheFeatureSettingItsValueAndTheAllowedOnes() {
        Map<String, String> s = Map.of("trainer.experiment", "x", "trainer.features", "pictures");

        assertThatThrownBy(() -> TrainerSettings.toConfig(s)).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("trainer.features was 'pictures' but must be one of hashed, movielens, image");
    }

    @Test
    void reportsEveryInvalidSettingAtOnceNamingKeyValueAndRule() {
        Map<String, String> s = new HashMap<>(Map.of("trainer.experiment", "bad name", "trainer.batch.size", "0",
                "trainer.checkpoint.every", "soon", "trainer.device", "tpu", "trainer.end", "tomorrow",
                "trainer.batch.sise", "3", "model.method", "magic"));
        assertThatThrownBy(() -> TrainerSettings.toConfig(s))
                .isInstanceOf(InvalidConfigException.class)
                .satisfies(e -> assertThat(((InvalidConfigException) e).problems()).hasSizeGreaterThanOrEqualTo(7))
                .hasMessageContaining("trainer.experiment was 'bad name' but must be")
                .hasMessageContaining("trainer.batch.size was 0 but must be at least 1")
                .hasMessageContaining("trainer.checkpoint.every was 'soon' but must be a duration")
                .hasMessageContaining("trainer.device was tpu but must be one of")
                .hasMessageContaining("trainer.end was 'tomorrow'")
                .hasMessageContaining("trainer.batch.sise is not a known setting")
                .hasMessageContaining("model.method was magic");
    }

    @Test
    void refusesAMethodThatNeedsABackboneWithoutOne() {
        assertThatThrownBy(() -> TrainerSettings.toConfig(Map.of("trainer.experiment", "x")))
                .hasMessageContaining("model.method was levi but no backbone is set");
        assertThat(TrainerSettings.toConfig(Map.of("trainer.experiment", "x", "model.method", "small-only"))
                .backbone().kind()).isEqualTo(BackboneSetting.Kind.NONE);
    }

    @Test
    void trainsOnePassUnlessToldAndSeveralOnlyOverABoundedStretch() {
        Map<String, String> base = Map.of("trainer.experiment", "x", "model.method", "small-only");
        assertThat(TrainerSettings.toConfig(base).epochs()).isEqualTo(1);
        assertThat(TrainerSettings.toConfig(with(with(base, "trainer.epochs", "3"), "trainer.end", "end")).epochs())
                .isEqualTo(3);
        assertThatThrownBy(() -> TrainerSettings.toConfig(with(base, "trainer.epochs", "2")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("trainer.epochs was 2 but more than one pass needs a bounded trainer.end")
                .hasMessageContaining("trainer.end was none");
        assertThatThrownBy(() -> TrainerSettings.toConfig(with(with(base, "trainer.epochs", "0"), "trainer.end", "end")))
                .hasMessageContaining("trainer.epochs was 0");
    }

    @Test
    void refusesPassesOfTheStatefulFeaturizerFromAnotherExperimentsCheckpoint() {
        Map<String, String> s = new HashMap<>(Map.of("trainer.experiment", "x", "model.method", "small-only",
                "trainer.features", "movielens", "trainer.features.glove", "glove.bin", "trainer.end", "end",
                "trainer.epochs", "2"));
        assertThat(TrainerSettings.toConfig(s).epochs()).isEqualTo(2);
        s.put("trainer.start", "checkpoint:live@10");
        assertThatThrownBy(() -> TrainerSettings.toConfig(s))
                .hasMessageContaining("trainer.epochs was 2 but trainer.features=movielens keeps user histories")
                .hasMessageContaining("trainer.start was checkpoint:live@10");
    }

    @Test
    void hashesOnlyWhatDecidesTheTrainingSteps() {
        Map<String, String> base = Map.of("trainer.experiment", "x", "model.method", "small-only");
        TrainerConfig a = TrainerSettings.toConfig(base);
        TrainerConfig b = TrainerSettings.toConfig(with(base, "trainer.metrics.port", "9400"));
        TrainerConfig c = TrainerSettings.toConfig(with(base, "trainer.batch.size", "64"));
        TrainerConfig d = TrainerSettings.toConfig(with(base, "model.seed", "1"));
        assertThat(a.trainingSettingsHash()).isEqualTo(b.trainingSettingsHash())
                .isNotEqualTo(c.trainingSettingsHash()).isNotEqualTo(d.trainingSettingsHash());
    }

    @Test
    void parsesSetAssignmentsAndRejectsOnesWithoutEquals() {
        assertThat(TrainerSettings.parseAssignments(List.of("model.method=lp", "a.b= c "))).containsEntry("model.method", "lp")
                .containsEntry("a.b", "c");
        assertThatThrownBy(() -> TrainerSettings.parseAssignments(List.of("model.method")))
                .hasMessageContaining("--set was 'model.method' but must be key=value");
    }

    @Test
    void reportsEachProblemOnItsOwnLineInDeclarationOrder() {
        Map<String, String> s = Map.of("trainer.experiment", "x", "model.method", "small-only",
                "trainer.batch.size", "0", "trainer.idle.skip", "0", "trainer.metrics.port", "70000",
                "trainer.input.topics", "ok, bad topic");

        assertThatThrownBy(() -> TrainerSettings.toConfig(s)).isInstanceOf(InvalidConfigException.class)
                .hasMessage(String.join("\n",
                        "trainer.input.topics was 'bad topic' but must be a Kafka topic name (letters, digits, '.', "
                                + "'_', '-')",
                        "trainer.batch.size was 0 but must be at least 1",
                        "trainer.idle.skip was PT0S but must be positive",
                        "trainer.metrics.port was 70000 but must be at most 65535"));
    }

    @Test
    void theDeadLetterTopicHasOneKeyAndTheOldOneStillWorks() {
        Map<String, String> base = Map.of("trainer.experiment", "x", "model.method", "small-only");

        assertThat(TrainerSettings.toConfig(base).deadLetterTopic()).isEqualTo("levi.deadletter");
        assertThat(TrainerSettings.toConfig(with(base, "dead.letter.topic", "new.dlq")).deadLetterTopic())
                .isEqualTo("new.dlq");
        assertThat(TrainerSettings.toConfig(with(base, "trainer.deadletter.topic", "old.dlq")).deadLetterTopic())
                .isEqualTo("old.dlq");
        assertThat(TrainerSettings.toConfig(with(base, "ingest.dead.letter.topic", "ingest.dlq")).deadLetterTopic())
                .isEqualTo("ingest.dlq");
    }

    @Test
    void anOldKeyInAFileStillLosesToTheNewKeyFromTheEnvironment() {
        Map<String, String> merged = TrainerSettings.merge(Map.of("trainer.deadletter.topic", "file.dlq"),
                TrainerSettings.fromEnvironment(Map.of("LEVI_DEAD_LETTER_TOPIC", "env.dlq")));

        assertThat(merged).containsExactly(Map.entry("dead.letter.topic", "env.dlq"));
    }

    @Test
    void theEnvironmentGivesTrainerKeysAndTheKeysTheTrainerReadsOnly() {
        assertThat(TrainerSettings.fromEnvironment(Map.of("LEVI_TRAINER_BATCH_SIZE", "50", "LEVI_MODEL_SEED", "3",
                "LEVI_SCHEMA_REGISTRY_URL", "http://r:8081", "LEVI_DEAD_LETTER_TOPIC", "d", "LEVI_OTHER_THING", "x",
                "HOME", "/root"))).containsExactly(Map.entry("dead.letter.topic", "d"), Map.entry("model.seed", "3"),
                Map.entry("schema.registry.url", "http://r:8081"), Map.entry("trainer.batch.size", "50"));
    }

    private static Map<String, String> with(Map<String, String> base, String k, String v) {
        Map<String, String> m = new HashMap<>(base);
        m.put(k, v);
        return m;
    }
}
