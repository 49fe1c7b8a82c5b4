package org.levistream.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsLayersTest {
    @TempDir
    Path dir;

    @Test
    void eachLayerBeatsTheOnesBelowIt() throws IOException {
        Path file = Files.writeString(dir.resolve("s.yaml"), """
                a: file
                b: file
                c: file
                d: file
                """);
        Map<String, String> merged = SettingsLayers.merge(
                Map.of("a", "default", "b", "default", "c", "default", "d", "default", "e", "default"),
                SettingsLayers.readYaml(file),
                SettingsLayers.fromEnvironment(Map.of("LEVI_B", "env", "LEVI_C", "env", "LEVI_D", "env"), k -> true),
                SettingsLayers.parseAssignments(List.of("c=set", "d=set")),
                Map.of("d", "flag"));

        assertThat(merged).containsExactly(Map.entry("a", "file"), Map.entry("b", "env"), Map.entry("c", "set"),
                Map.entry("d", "flag"), Map.entry("e", "default"));
    }

    @Test
    void nestedYamlMapsJoinTheirKeysWithDotsAndListsWithCommas() throws IOException {
        Path file = Files.writeString(dir.resolve("s.yaml"), """
                trainer:
                  batch.size: 100
                  checkpoint:
                    every: 10s
                  input.topics: [a, b]
                  holdout.topic:
                """);

        assertThat(SettingsLayers.readYaml(file)).containsExactly(Map.entry("trainer.batch.size", "100"),
                Map.entry("trainer.checkpoint.every", "10s"), Map.entry("trainer.holdout.topic", ""),
                Map.entry("trainer.input.topics", "a,b"));
    }

    @Test
    void aFileThatIsNotAMapIsRejectedNamingTheFile() throws IOException {
        Path file = Files.writeString(dir.resolve("list.yaml"), "- a\n- b\n");

        assertThatThrownBy(() -> SettingsLayers.readYaml(file)).isInstanceOf(InvalidConfigException.class)
                .hasMessage("the settings file " + file + " holds a ArrayList but must hold a map of settings");
    }

    @Test
    void environmentNamesBecomeDottedKeysAndOnlyAcceptedOnesAreKept() {
        Map<String, String> env = Map.of("LEVI_TRAINER_BATCH_SIZE", "50", "LEVI_OTHER_THING", "x", "HOME", "/root");

        assertThat(SettingsLayers.fromEnvironment(env, key -> key.startsWith("trainer.")))
                .containsExactly(Map.entry("trainer.batch.size", "50"));
    }

    @Test
    void aVariableAndTheKeyItSetsMapBothWays() {
        assertThat(SettingsLayers.environmentKey("LEVI_TRAINER_BATCH_SIZE")).contains("trainer.batch.size");
        assertThat(SettingsLayers.environmentVariable("trainer.batch.size")).isEqualTo("LEVI_TRAINER_BATCH_SIZE");
        assertThat(SettingsLayers.environmentKey("LEVI_")).isEmpty();
        assertThat(SettingsLayers.environmentKey("HOME")).isEmpty();
    }

    @Test
    void setAssignmentsAreTrimmedAndEveryOneWithoutEqualsIsReported() {
        assertThat(SettingsLayers.parseAssignments(List.of("model.method=lp", "a.b= c=d "))).containsExactly(
                Map.entry("model.method", "lp"), Map.entry("a.b", "c=d"));
        assertThatThrownBy(() -> SettingsLayers.parseAssignments(List.of("model.method", "=x")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("--set was 'model.method' but must be key=value\n--set was '=x' but must be key=value");
    }

    @Test
    void aMissingFileSaysWhyItCannotBeRead() {
        java.nio.file.Path missing = java.nio.file.Path.of("no/such/settings.yaml");
        assertThatThrownBy(() -> SettingsLayers.readYaml(missing)).isInstanceOf(InvalidConfigException.class)
                .hasMessage("the settings file no/such/settings.yaml cannot be read: no such file");
    }
}
