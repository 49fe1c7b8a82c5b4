package org.levistream.embedded.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.levistream.common.config.InvalidConfigException;

@Timeout(30)
class PortsTest {

    @Test
    void picksAFreePortForZero() {
        assertThat(Ports.resolve("127.0.0.1", 0, "port")).isBetween(1, 65_535);
    }

    @Test
    void rejectsARequestedPortThatIsInUse() throws Exception {
        try (var taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> Ports.resolve("127.0.0.1", port, "brokerPort"))
                    .isInstanceOf(InvalidConfigException.class)
                    .hasMessageStartingWith("brokerPort was " + port + " but must be a free port")
                    .hasMessageContaining("is in use");
        }
    }

    @Test
    void rejectsAHostThatDoesNotResolve() {
        assertThatThrownBy(() -> Ports.resolve("no-such-host.invalid", 0, "port"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith("host was 'no-such-host.invalid'");
    }

    @Test
    void brokerStartRejectsAPortInUseBeforeStartingAnything() throws Exception {
        try (var taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            var settings = BrokerSettings.forTests().withPort(taken.getLocalPort());
            assertThatThrownBy(() -> EmbeddedKafka.start(settings))
                    .isInstanceOf(InvalidConfigException.class)
                    .hasMessageStartingWith("port was " + taken.getLocalPort());
        }
    }

    @Test
    void brokerStartNamesTheOverridesKafkaRejects() {
        var settings = BrokerSettings.forTests().withOverride("num.io.threads", "many");
        assertThatThrownBy(() -> EmbeddedKafka.start(settings))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith("overrides was {num.io.threads=many}")
                .hasMessageContaining("num.io.threads");
    }
}
