package org.levistream.embedded.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class BrokerLoggingTest {
    private static final String PREFIX = "org.slf4j.simpleLogger.log.";

    @AfterEach
    void clearLevels() {
        System.clearProperty(PREFIX + "org.apache");
        BrokerLogging.BROKER_LOGGERS.forEach(l -> System.clearProperty(PREFIX + l));
    }

    @Test
    void quietsEveryBrokerLoggerToWarnByDefault() {
        BrokerLogging.quietByDefault();
        assertThat(BrokerLogging.BROKER_LOGGERS)
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
