package org.levistream.embedded.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class BrokerLoggingTest {
    private static final String PREFIX = "org.slf4j.simpleLogger.log.";
    // The loggers that made the embedded broker's start slow and its output noisy at INFO, written out here so that
    // dropping one from BrokerLogging fails this test.
    private static final List<String> NOISY_BROKER_LOGGERS = List.of("kafka", "state.change.logger",
            "org.apache.kafka.controller", "org.apache.kafka.coordinator", "org.apache.kafka.image",
            "org.apache.kafka.metadata", "org.apache.kafka.network", "org.apache.kafka.raft",
            "org.apache.kafka.server", "org.apache.kafka.storage");

    @AfterEach
    void clearLevels() {
        System.clearProperty(PREFIX + "org.apache");
        BrokerLogging.BROKER_LOGGERS.forEach(l -> System.clearProperty(PREFIX + l));   // clean-up, not an assertion
    }

    @Test
    void quietsEveryBrokerLoggerToWarnByDefault() {
        BrokerLogging.quietByDefault();
        assertThat(NOISY_BROKER_LOGGERS)
                .allSatisfy(l -> assertThat(System.getProperty(PREFIX + l)).isEqualTo("warn"));
    }

    @Test
    void keepsALevelTheUserChoseForTheLoggerOrAParent() {
        System.setProperty(PREFIX + "kafka", "info");
        System.setProperty(PREFIX + "org.apache", "debug");
        BrokerLogging.quietByDefault();
        assertThat(System.getProperty(PREFIX + "kafka")).isEqualTo("info");
        assertThat(System.getProperty(PREFIX + "org.apache.kafka.server")).isNull();
        assertThat(System.getProperty(PREFIX + "state.change.logger")).isEqualTo("warn");
    }
}
