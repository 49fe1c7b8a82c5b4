package org.levistream.evaluator.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.BindException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.levistream.embedded.junit.EmbeddedStackExtension;
import org.levistream.embedded.junit.TestNames;
import org.levistream.embedded.stack.EmbeddedStack;
import org.levistream.schemas.avro.Split;

/** The dashboard against the real embedded broker and registry: it reads what the evaluator wrote and serves it. */
@Tag("integration")
@Timeout(120)
@ExtendWith(EmbeddedStackExtension.class)
class DashboardIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private DashboardSettings settings;

    @BeforeEach
    void writeTheEvaluatorsOutput(EmbeddedStack stack, TestInfo info) {
        settings = DashboardSettings.onPort(0).withTopics(TestNames.unique(info, "metrics"),
                TestNames.unique(info, "alerts"));
        stack.broker().createTopic(settings.metricsTopic(), 2, Map.of());
        stack.broker().createTopic(settings.alertsTopic(), 1, Map.of());
        EvaluatorOutput.produce(stack, settings.metricsTopic(), EvaluatorOutput.metrics());
        EvaluatorOutput.produce(stack, settings.alertsTopic(), List.of(EvaluatorOutput.openAlert()));
    }

    @Test
    void servesEverySeriesInVersionOrderAndTheOpenAlert(EmbeddedStack stack) throws Exception {
        try (var dashboard = Dashboard.start(settings, stack.clientProperties(), meters)) {
            awaitEverything(dashboard);

            JsonNode state = JSON.readTree(get(dashboard, "api/state"));

            assertThat(state.get("series")).hasSize(EvaluatorOutput.SERIES);
            JsonNode late = find(state.get("series"), "replay-ft", EvaluatorOutput.LATE_USERS, "OOD");
            assertThat(late.get("key").get("stream").asText()).isEqualTo("recommendation");
            assertThat(late.get("points").findValuesAsText("version")).containsExactly("1", "2", "3");
            JsonNode v3 = late.get("points").get(2);
            assertThat(v3.get("low").asDouble()).isCloseTo(v3.get("value").asDouble() - 0.03, offset(1e-9));
            assertThat(v3.get("high").asDouble()).isCloseTo(v3.get("value").asDouble() + 0.03, offset(1e-9));
            JsonNode alert = state.get("alerts").get(0);
            assertThat(alert.get("status").asText()).isEqualTo("OPEN");
            assertThat(alert.get("key").get("experiment").asText()).isEqualTo("replay-ft");
            assertThat(alert.get("marks").get(0).get("version").asLong()).isEqualTo(3);
        }
    }

    @Test
    void pushesANewVersionsPointToEventClientsWithoutAReload(EmbeddedStack stack) throws Exception {
        try (var dashboard = Dashboard.start(settings, stack.clientProperties(), meters)) {
            awaitEverything(dashboard);
            HttpURLConnection events = open(dashboard, "events");
            try (var lines = new BufferedReader(new InputStreamReader(events.getInputStream(), StandardCharsets.UTF_8))) {
                assertThat(events.getContentType()).startsWith("text/event-stream");
                List<String> first = readEvent(lines);
                assertThat(first).first().isEqualTo("event: state");
                assertThat(first.get(1)).contains(EvaluatorOutput.LATE_USERS);

                EvaluatorOutput.produce(stack, settings.metricsTopic(), List.of(EvaluatorOutput.metric(
                        "replay-levi", 4, EvaluatorOutput.LATE_USERS, Split.OOD, "rmse", 1.01)));

                List<String> pushed = readEvent(lines);
                assertThat(pushed.get(0)).isEqualTo("event: point");
                JsonNode update = JSON.readTree(pushed.get(1).substring("data: ".length()));
                assertThat(update.get("key").get("experiment").asText()).isEqualTo("replay-levi");
                assertThat(update.get("point").get("version").asLong()).isEqualTo(4);
            } finally {
                events.disconnect();
            }
        }
    }

    @Test
    void servesThePrometheusScrapeWithTheDashboardsOwnMeters(EmbeddedStack stack) throws Exception {
        meters.counter("levi.evaluator.test.marker").increment();
        try (var dashboard = Dashboard.start(settings, stack.clientProperties(), meters)) {
            awaitEverything(dashboard);

            String scrape = get(dashboard, "metrics");

            assertThat(scrape).contains("levi_evaluator_test_marker_total 1.0")
                    .contains("levi_dashboard_series " + EvaluatorOutput.SERIES + ".0")
                    .contains("levi_dashboard_alerts_open 1.0")
                    .contains("levi_dashboard_records_total{outcome=\"metric\"} " + EvaluatorOutput.POINTS + ".0");
        }
    }

    @Test
    void servesThePageAndUplotFromTheClasspath(EmbeddedStack stack) throws Exception {
        try (var dashboard = Dashboard.start(settings, stack.clientProperties(), meters)) {
            assertThat(get(dashboard, "")).contains("<script src=\"dashboard.js\">");
            assertThat(get(dashboard, "uplot/uPlot.iife.min.js")).contains("uPlot");
            assertThat(open(dashboard, "no-such-page").getResponseCode()).isEqualTo(404);
        }
    }

    @Test
    void aTakenPortIsRefusedByItsSettingsName(EmbeddedStack stack) throws Exception {
        try (var first = Dashboard.start(settings, stack.clientProperties(), meters)) {
            var same = new DashboardSettings("127.0.0.1", first.port(), settings.metricsTopic(),
                    settings.alertsTopic());

            assertThatThrownBy(() -> Dashboard.start(same, stack.clientProperties(), meters))
                    .isInstanceOf(BindException.class)
                    .hasMessageContaining("evaluator.dashboard.port was " + first.port());
        }
    }

    static void awaitEverything(Dashboard dashboard) {
        await(() -> dashboard.view().snapshot().series().stream().mapToInt(s -> s.points().size()).sum()
                == EvaluatorOutput.POINTS && dashboard.view().openAlertCount() == 1);
    }

    static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 30 s for the dashboard to read the topics").isLessThan(deadline);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));   // a poll interval, not a synchronization
        }
    }

    private static List<String> readEvent(BufferedReader lines) throws IOException {
        List<String> event = new ArrayList<>();
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            if (line.isEmpty() && event.stream().anyMatch(l -> l.startsWith("event: "))) {
                return event;
            }
            if (line.startsWith("event: ") || line.startsWith("data: ")) {
                event.add(line);
            }
        }
        throw new IOException("the event stream ended");
    }

    private static JsonNode find(JsonNode series, String experiment, String topic, String split) {
        for (JsonNode s : series) {
            JsonNode key = s.get("key");
            if (key.get("experiment").asText().equals(experiment) && key.get("topic").asText().equals(topic)
                    && key.get("split").asText().equals(split)) {
                return s;
            }
        }
        throw new AssertionError("no series " + experiment + "/" + topic + "/" + split + " in " + series);
    }

    private static HttpURLConnection open(Dashboard dashboard, String path) throws IOException {
        var connection = (HttpURLConnection) URI.create(dashboard.url() + path).toURL().openConnection();
        connection.setConnectTimeout(5_000);
        connection.setReadTimeout(20_000);
        return connection;
    }

    private static String get(Dashboard dashboard, String path) throws IOException {
        HttpURLConnection connection = open(dashboard, path);
        try (var in = connection.getInputStream()) {
            assertThat(connection.getResponseCode()).isEqualTo(200);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            connection.disconnect();
        }
    }
}
