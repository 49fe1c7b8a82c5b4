package org.levistream.app.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.levistream.trainer.config.TrainerSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class TrainerOptionsTest {
    private static final Map<String, String> ENV = Map.of("LEVI_BOOTSTRAP_SERVERS", "env:9092");

    @TempDir
    Path dir;

    @Command(name = "probe")
    static final class Probe {
        @Mixin
        TrainerOptions options;
    }

    private static String bootstrapServers(Map<String, String> env, String... args) {
        List<String> all = new ArrayList<>(
                List.of("--set", "trainer.experiment=x", "--set", "model.method=small-only"));
        all.addAll(List.of(args));
        Probe probe = new Probe();
        new CommandLine(probe).parseArgs(all.toArray(String[]::new));
        Map<String, String> settings = probe.options.settings(probe.options.applyAndCollectFlags(), env);
        return TrainerSettings.toConfig(settings).bootstrapServers();
    }

    @Test
    void withoutFileEnvironmentSetOrFlagTheDeclaredDefaultApplies() {
        assertThat(bootstrapServers(Map.of())).isEqualTo("localhost:9092");
    }

    @Test
    void theEnvironmentBeatsTheSettingsFile() throws IOException {
        Path file = Files.writeString(dir.resolve("t.yaml"), "trainer:\n  bootstrap.servers: file:9092\n");

        assertThat(bootstrapServers(Map.of(), "--config", file.toString())).isEqualTo("file:9092");
        assertThat(bootstrapServers(ENV, "--config", file.toString())).isEqualTo("env:9092");
    }

    @Test
    void aSetOverrideBeatsLeviBootstrapServers() {
        assertThat(bootstrapServers(ENV)).isEqualTo("env:9092");
        assertThat(bootstrapServers(ENV, "--set", "trainer.bootstrap.servers=set:9092")).isEqualTo("set:9092");
    }

    @Test
    void anExplicitFlagBeatsBothTheSetOverrideAndTheEnvironment() {
        assertThat(bootstrapServers(ENV, "--set", "trainer.bootstrap.servers=set:9092",
                "--bootstrap-servers", "flag:9092")).isEqualTo("flag:9092");
    }

    @Test
    void theTrainerSpecificVariableBeatsTheSharedOne() {
        assertThat(bootstrapServers(Map.of("LEVI_BOOTSTRAP_SERVERS", "env:9092",
                "LEVI_TRAINER_BOOTSTRAP_SERVERS", "trainer:9092"))).isEqualTo("trainer:9092");
    }

    @Test
    void eachRejectedValueSaysWhereItWasSet() throws IOException {
        Path file = Files.writeString(dir.resolve("t.yaml"), "trainer:\n  queue.depth: 0\n");
        var settings = (org.levistream.common.config.SourcedSettings) TrainerRun.settings(file,
                Map.of("trainer.batch.size", "0"), List.of("trainer.checkpoint.retain.last=-1", "trainer.bach.size=9"),
                Map.of());

        var problems = new ArrayList<String>();
        try {
            TrainerSettings.toConfig(settings);
        } catch (org.levistream.common.config.InvalidConfigException e) {
            problems.addAll(settings.annotate(e).problems());
        }

        assertThat(problems).contains(
                "trainer.bach.size is not a known setting; did you mean trainer.batch.size? (from --set)",
                "trainer.batch.size was 0 but must be at least 1 (from the environment)",
                "trainer.queue.depth was 0 but must be at least 1 (in " + file + ")");
        assertThat(problems).anyMatch(p -> p.startsWith("trainer.checkpoint.retain.last was -1")
                && p.endsWith("(from --set)"));
    }
}
