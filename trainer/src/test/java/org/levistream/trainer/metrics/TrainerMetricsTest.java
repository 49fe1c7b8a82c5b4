package org.levistream.trainer.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.BindException;
import java.net.ServerSocket;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class TrainerMetricsTest {

    @Test
    void lagStillReadsTheFeedAfterGarbageCollection() {
        var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        AtomicLong lag = new AtomicLong(8_671);
        new TrainerMetrics(registry, "live", "cpu()", lag::get);   // the supplier lambda is referenced only there

        for (int i = 0; i < 3; i++) {
            System.gc();
        }

        assertThat(registry.get("levi.trainer.lag").gauge().value()).isEqualTo(8_671.0);
        assertThat(registry.scrape()).contains("levi_trainer_lag{experiment=\"live\"} 8671.0");
    }

    @Test
    void aPortInUseNamesItsSetting() throws Exception {
        var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (ServerSocket taken = new ServerSocket(0)) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> MetricsEndpoint.start(registry, port))
                    .isInstanceOf(BindException.class)
                    .hasMessageStartingWith("trainer.metrics.port was " + port + ": ")
                    .hasMessageEndingWith("choose a free port, 0 for any free one, or -1 to serve no metrics");
        }
    }
}
