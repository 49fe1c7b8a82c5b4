package org.levistream.embedded.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.levistream.common.config.InvalidConfigException;

@Timeout(10)
class RegistrySettingsTest {

    @Test
    void defaultsToAFreeLoopbackPortAndConfluentsTopic() {
        var settings = RegistrySettings.of("127.0.0.1:9092");

        assertThat(settings).isEqualTo(new RegistrySettings("127.0.0.1:9092", "127.0.0.1", 0, "_schemas"));
    }

    @Test
    void namesKeyValueAndRuleOfABadPort() {
        assertThatThrownBy(() -> RegistrySettings.of("b:9092").withPort(70_000))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("port was 70000 but must be 0 (a free port) or in 1..65535");
    }

    @Test
    void reportsEveryProblemAtOnce() {
        assertThatThrownBy(() -> new RegistrySettings(" ", "", -1, "bad topic"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith("bootstrapServers was ' ' but must list at least one host:port")
                .hasMessageContaining("host was '' but must be a host name or IP address")
                .hasMessageContaining("port was -1 but must be 0 (a free port) or in 1..65535")
                .hasMessageContaining("topic was 'bad topic' but must be a Kafka topic name");
    }

    @Test
    void refusesTopicNamesKafkaRefuses() {
        assertThatThrownBy(() -> RegistrySettings.of("b:9092").withTopic("..")).hasMessageContaining("topic was '..'");
        assertThatThrownBy(() -> RegistrySettings.of("b:9092").withTopic("x".repeat(250)))
                .hasMessageContaining("topic");
        assertThat(RegistrySettings.of("b:9092").withTopic("levi._schemas-1").topic()).isEqualTo("levi._schemas-1");
    }
}
