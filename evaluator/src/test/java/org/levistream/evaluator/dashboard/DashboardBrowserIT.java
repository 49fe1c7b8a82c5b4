package org.levistream.evaluator.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.levistream.embedded.junit.EmbeddedStackExtension;
import org.levistream.embedded.junit.TestNames;
import org.levistream.embedded.stack.EmbeddedStack;

/**
 * The page in a real browser: headless Chromium loads the live dashboard, fed from the embedded broker, runs its
 * scripts, and the test reads what was drawn from the DOM it dumps, then keeps a screenshot in
 * {@code evaluator/target/dashboard.png}. The page is opened with {@code ?live=0} (draw {@code /api/state} once):
 * under {@code --virtual-time-budget} an open event stream keeps virtual time from advancing, so Chromium would
 * never dump; {@link DashboardIT} checks the event stream itself. Without Chromium the test is skipped, except under {@code CI=true},
 * where it must run.
 */
@Tag("integration")
@Timeout(180)
@ExtendWith(EmbeddedStackExtension.class)
class DashboardBrowserIT {
    private static final String INSTALL = "apt-get install --no-install-recommends chromium";
    private static final Path SCREENSHOT = Path.of("target", "dashboard.png");
    // Virtual time lets the page's scripts and its event stream settle without a fixed wall-clock wait.
    private static final String BUDGET_MS = "5000";

    @TempDir
    Path profile;
    private String chromium;
    private DashboardSettings settings;

    @BeforeEach
    void findChromiumAndWriteTheEvaluatorsOutput(EmbeddedStack stack, TestInfo info) {
        chromium = chromium();
        settings = DashboardSettings.onPort(0).withTopics(TestNames.unique(info, "metrics"),
                TestNames.unique(info, "alerts"));
        stack.broker().createTopic(settings.metricsTopic(), 2, Map.of());
        stack.broker().createTopic(settings.alertsTopic(), 1, Map.of());
        EvaluatorOutput.produce(stack, settings.metricsTopic(), EvaluatorOutput.metrics());
        EvaluatorOutput.produce(stack, settings.alertsTopic(), List.of(EvaluatorOutput.openAlert()));
    }

    @Test
    void drawsEveryChartFromTheLiveDataAndShowsTheAlert(EmbeddedStack stack) throws Exception {
        var meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (var dashboard = Dashboard.start(settings, stack.clientProperties(), meters)) {
            DashboardIT.awaitEverything(dashboard);

            String page = dashboard.url() + "?live=0";
            String dom = run("--dump-dom", page);

            assertThat(bodyAttribute(dom, "ready")).isEqualTo("true");
            assertThat(bodyAttribute(dom, "charts")).isEqualTo(String.valueOf(EvaluatorOutput.CHARTS));
            assertThat(bodyAttribute(dom, "points")).isEqualTo(String.valueOf(EvaluatorOutput.POINTS));
            assertThat(bodyAttribute(dom, "alerts")).isEqualTo("1");
            assertThat(Integer.parseInt(bodyAttribute(dom, "markers"))).as("alert markers drawn").isPositive();
            assertThat(count(dom, "<canvas")).isGreaterThanOrEqualTo(EvaluatorOutput.CHARTS);
            assertThat(dom).containsPattern("<li[^>]*data-status=\"OPEN\"[^>]*data-experiment=\"replay-ft\"")
                    .contains("replay-levi · ood.late-users").contains("ID – OOD gap");

            Files.deleteIfExists(SCREENSHOT);
            run("--screenshot=" + SCREENSHOT.toAbsolutePath(), "--window-size=1400,1000", page);
            assertThat(SCREENSHOT).exists();
            byte[] png = Files.readAllBytes(SCREENSHOT);
            assertThat(png).startsWith(0x89, 'P', 'N', 'G');
            assertThat(png.length).as("a screenshot with charts on it, not a blank page").isGreaterThan(20_000);
        }
    }

    @Test
    void staticReportDrawsTheSameChartsWithNoServer(EmbeddedStack stack) throws Exception {
        ViewSnapshot snapshot;
        try (var dashboard = Dashboard.start(settings, stack.clientProperties(),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
            DashboardIT.awaitEverything(dashboard);
            snapshot = dashboard.view().snapshot();
        }
        Path report = StaticReport.write(snapshot, "<table id=\"summary\"><tr><td>v7</td></tr></table>",
                profile.resolve("report.html"));

        String html = Files.readString(report);
        assertThat(html).as("nothing fetched: every script and style inline")
                .doesNotContainPattern("<script[^>]+src=").doesNotContainPattern("<link[^>]+href=");
        String dom = run("--dump-dom", report.toUri().toString());
        assertThat(bodyAttribute(dom, "ready")).isEqualTo("true");
        assertThat(bodyAttribute(dom, "charts")).isEqualTo(String.valueOf(EvaluatorOutput.CHARTS));
        assertThat(bodyAttribute(dom, "points")).isEqualTo(String.valueOf(EvaluatorOutput.POINTS));
        assertThat(bodyAttribute(dom, "alerts")).isEqualTo("1");
        assertThat(dom).contains("data-state=\"report\"").contains("<table id=\"summary\">");
    }

    /** Runs headless Chromium on a page and returns what it printed (the DOM, for {@code --dump-dom}). */
    private String run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--hide-scrollbars", "--user-data-dir=" + profile,
                "--virtual-time-budget=" + BUDGET_MS));
        command.addAll(List.of(args));
        Path out = profile.resolve("stdout.txt");
        Path err = profile.resolve("stderr.txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("Chromium did not finish within 90 s: " + Files.readString(err));
        }
        assertThat(process.exitValue()).as("Chromium's exit code; stderr: %s", Files.readString(err)).isZero();
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    private static String bodyAttribute(String dom, String name) {
        Matcher body = Pattern.compile("<body[^>]*>").matcher(dom);
        assertThat(body.find()).as("a <body> in the dumped DOM").isTrue();
        Matcher attribute = Pattern.compile("data-" + name + "=\"([^\"]*)\"").matcher(body.group());
        assertThat(attribute.find()).as("data-%s on <body>: %s", name, body.group()).isTrue();
        return attribute.group(1);
    }

    private static int count(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }

    // Mirrors ConfluentPythonInteropIT: skipped where Chromium is missing, but CI=true makes the browser a must.
    private static String chromium() {
        Optional<String> found = Stream.of("chromium", "chromium-browser")
                .flatMap(name -> Stream.of(System.getenv("PATH").split(File.pathSeparator))
                        .map(dir -> Path.of(dir, name)))
                .filter(Files::isExecutable).map(Path::toString).findFirst();
        if (found.isPresent()) {
            return found.get();
        }
        String message = "Chromium is not installed, so the dashboard's page cannot be checked; install it with: "
                + INSTALL;
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI=true, so this browser test must run. " + message);
        }
        assumeTrue(false, message);
        return null;
    }
}
