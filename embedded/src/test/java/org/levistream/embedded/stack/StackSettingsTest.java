package org.levistream.embedded.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.levistream.common.config.InvalidConfigException;
import org.levistream.embedded.kafka.BrokerSettings;

@Timeout(10)
class StackSettingsTest {

    @Test
    void defaultsUseTheUsualKafkaAndRegistryPorts() {
        var s = StackSettings.defaults();
        assertThat(s.broker().port()).isEqualTo(9092);
        assertThat(s.registryPort()).isEqualTo(8081);
        assertThat(s.registryTopic()).isEqualTo("_schemas");
    }

    @Test
    void testSettingsUseFreePortsEverywhere() {
        var s = StackSettings.forTests();
        assertThat(s.broker().port()).isZero();
        assertThat(s.registryPort()).isZero();
    }

    @Test
    void derivesRegistrySettingsFromTheBroker() {
        var s = StackSettings.forTests().withRegistryPort(18081).withRegistryTopic("_levi_schemas");
        var registry = s.registry("127.0.0.1:19092");
        assertThat(registry.bootstrapServers()).isEqualTo("127.0.0.1:19092");
        assertThat(registry.host()).isEqualTo(s.broker().host());
        assertThat(registry.port()).isEqualTo(18081);
        assertThat(registry.topic()).isEqualTo("_levi_schemas");
    }

    @Test
    void rejectsARegistryPortOutOfRange() {
        assertThatThrownBy(() -> StackSettings.forTests().withRegistryPort(70000))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("registryPort was 70000 but must be 0 (a free port) or in 1..65535");
    }

    @Test
    void rejectsARegistryPortEqualToTheBrokerPort() {
        assertThatThrownBy(() -> StackSettings.forTests().withBroker(BrokerSettings.forTests().withPort(9092))
                .withRegistryPort(9092))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("registryPort was 9092 but must differ from the broker's ports");
    }
}
