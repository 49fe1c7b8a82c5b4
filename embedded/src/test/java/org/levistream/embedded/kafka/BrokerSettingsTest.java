package org.levistream.embedded.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.levistream.common.config.InvalidConfigException;

@Timeout(10)
class BrokerSettingsTest {

    @Test
    void defaultsListenOnLoopback9092WithATemporaryLog() {
        var s = BrokerSettings.defaults();
        assertThat(s.host()).isEqualTo("127.0.0.1");
        assertThat(s.port()).isEqualTo(9092);
        assertThat(s.controllerPort()).isZero();
        assertThat(s.temporaryLogDir()).isTrue();
        assertThat(s.overrides()).isEmpty();
    }

    @Test
    void testSettingsPickFreePorts() {
        var s = BrokerSettings.forTests();
        assertThat(s.port()).isZero();
        assertThat(s.controllerPort()).isZero();
    }

    @Test
    void withersChangeOneFieldEach() {
        var s = BrokerSettings.forTests().withPort(19092).withControllerPort(19093)
                .withLogDir(Path.of("/tmp/x")).withOverride("num.partitions", "3").withHost("localhost");
        assertThat(s).isEqualTo(new BrokerSettings("localhost", 19092, 19093, Path.of("/tmp/x"),
                Map.of("num.partitions", "3")));
        assertThat(s.temporaryLogDir()).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"-1, 0, port was -1", "65536, 0, port was 65536", "0, -5, controllerPort was -5",
                "9092, 9092, controllerPort was 9092 but must differ from port 9092"})
    void rejectsPortsOutOfRange(int port, int controllerPort, String message) {
        assertThatThrownBy(() -> BrokerSettings.forTests().withPort(port).withControllerPort(controllerPort))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining(message);
    }

    @Test
    void namesTheRuleForAPortOutOfRange() {
        assertThatThrownBy(() -> BrokerSettings.forTests().withPort(70000))
                .hasMessage("port was 70000 but must be 0 (a free port) or in 1..65535")
                .extracting(e -> ((InvalidConfigException) e).problems().size()).isEqualTo(1);
    }

    @Test
    void rejectsABlankHost() {
        assertThatThrownBy(() -> BrokerSettings.forTests().withHost(" "))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("host was ' ' but must be a host name or IP address");
    }

    @Test
    void rejectsOverridesOfTheSingleNodeWiring() {
        assertThatThrownBy(() -> BrokerSettings.forTests().withOverride("listeners", "PLAINTEXT://:9999"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("overrides.listeners was 'PLAINTEXT://:9999'")
                .hasMessageContaining("set those instead");
    }

    @Test
    void copiesOverridesSoLaterChangesDoNotLeakIn() {
        var overrides = new HashMap<String, String>();
        overrides.put("num.partitions", "2");
        var s = new BrokerSettings("127.0.0.1", 0, 0, null, overrides);
        overrides.put("num.partitions", "7");
        assertThat(s.overrides()).containsExactly(Map.entry("num.partitions", "2"));
    }

    @Test
    void treatsMissingOverridesAsNone() {
        assertThat(new BrokerSettings("127.0.0.1", 0, 0, null, null).overrides()).isEmpty();
    }

    @Test
    void buildsABrokerConfigWhoseOverridesComeLast() {
        var props = BrokerConfig.of(BrokerSettings.forTests().withOverride("num.io.threads", "4"),
                Path.of("/tmp/kafka-log"), 19092, 19093);
        assertThat(props)
                .containsEntry("listeners", "PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093")
                .containsEntry("controller.quorum.voters", "1@127.0.0.1:19093")
                .containsEntry("log.dirs", "/tmp/kafka-log")
                .containsEntry("offsets.topic.replication.factor", "1")
                .containsEntry("num.io.threads", "4");
    }
}
