package org.levistream.evaluator.dashboard;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.levistream.common.config.InvalidConfigException;

class DashboardSettingsTest {
    @Test
    void reportsEveryInvalidSettingAtOnce() {
        assertThatThrownBy(() -> new DashboardSettings(" ", 70_000, "levi metrics", "levi.alerts"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("evaluator.dashboard.host was ' '")
                .hasMessageContaining("evaluator.dashboard.port was 70000 but must be 0 (a free port) or in 1..65535")
                .hasMessageContaining("evaluator.metrics.topic was 'levi metrics' but must be a Kafka topic name");
    }
}
