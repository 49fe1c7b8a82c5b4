package org.levistream.app.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class KafkaOptionsTest {
    @Command(name = "probe")
    static final class Probe {
        @Mixin
        KafkaOptions kafka;
    }

    private static KafkaOptions parse(String... args) {
        Probe probe = new Probe();
        new CommandLine(probe).parseArgs(args);
        return probe.kafka;
    }

    @Test
    void withNeitherFlagNorEnvironmentTheOneDefaultsApply() {
        KafkaOptions kafka = parse();

        assertThat(kafka.bootstrapServers(Map.of())).isEqualTo("localhost:9092");
        assertThat(kafka.schemaRegistryUrl(Map.of())).isEqualTo("http://localhost:8081");
        assertThat(kafka.bootstrapServersFlag()).isEmpty();
    }

    @Test
    void theEnvironmentBeatsTheDefaultAndAFlagBeatsTheEnvironment() {
        Map<String, String> env = Map.of("LEVI_BOOTSTRAP_SERVERS", "env:9092",
                "LEVI_SCHEMA_REGISTRY_URL", "http://env:8081");

        assertThat(parse().bootstrapServers(env)).isEqualTo("env:9092");
        assertThat(parse().schemaRegistryUrl(env)).isEqualTo("http://env:8081");
        KafkaOptions flagged = parse("--bootstrap-servers", "flag:9092", "--schema-registry-url", "http://flag:8081");
        assertThat(flagged.bootstrapServers(env)).isEqualTo("flag:9092");
        assertThat(flagged.schemaRegistryUrl(env)).isEqualTo("http://flag:8081");
    }

    @Test
    void theEnvironmentIsNoPicocliDefaultSoAnUnsetFlagGivesNoFlagLayer() {
        assertThat(parse().flags("trainer.bootstrap.servers", "schema.registry.url")).isEmpty();
        assertThat(parse("--bootstrap-servers", "flag:9092").flags("trainer.bootstrap.servers", "schema.registry.url"))
                .containsExactly(Map.entry("trainer.bootstrap.servers", "flag:9092"));
        assertThat(KafkaOptions.environment(Map.of("LEVI_BOOTSTRAP_SERVERS", "env:9092"), "trainer.bootstrap.servers",
                "schema.registry.url")).containsExactly(Map.entry("trainer.bootstrap.servers", "env:9092"));
    }
}
