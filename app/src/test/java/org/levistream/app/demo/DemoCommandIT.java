package org.levistream.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import java.io.PrintWriter;
import org.levistream.app.LeviCommands;
import org.levistream.app.ShutdownSignal;
import picocli.CommandLine;
import org.levistream.app.TopicRecords;
import org.levistream.embedded.stack.EmbeddedStack;
import org.levistream.embedded.stack.StackSettings;
import org.levistream.schemas.avro.CheckpointEvent;
import org.levistream.schemas.avro.MetricRecord;
import org.levistream.schemas.avro.Split;

/**
 * {@code levi demo --quick} end to end, on the generated stand-in (CI has no real data) and a broker of the test's own,
 * so that what the demo left on Kafka can be read after it: both experiments of both streams announce versions, the
 * evaluator scores them on every held-out topic of their stream, and the summary and report are written.
 */
@Timeout(200)
class DemoCommandIT {
    private static final List<String> EXPERIMENTS = List.of("ml-levi", "ml-ft", "digits-levi", "digits-ft");

    @TempDir
    Path out;

    @Test
    void quickDemoTrainsScoresAndReportsBothExperimentsOfBothStreams() throws IOException {
        StringWriter console = new StringWriter();
        StringWriter err = new StringWriter();
        try (EmbeddedStack stack = EmbeddedStack.start(StackSettings.forTests())) {
            int code = LeviCommands.run(console, err, "demo", "--quick", "--data", "generated", "--out",
                    out.toString(), "--dashboard-port", "0", "--bootstrap-servers", stack.bootstrapServers(),
                    "--schema-registry-url", stack.registryUrl(),
                    "--config-dir", Path.of("..", "config").toString());

            assertThat(code).as("exit code; console:%n%s%nerrors:%n%s", console, err).isZero();
            Map<String, Set<Long>> announced = TopicRecords.read(stack, "levi.checkpoints", CheckpointEvent.class)
                    .stream().collect(Collectors.groupingBy(e -> e.getExperiment().toString(),
                            Collectors.mapping(CheckpointEvent::getVersion, Collectors.toSet())));
            assertThat(announced).containsOnlyKeys(EXPERIMENTS);
            List<MetricRecord> metrics = TopicRecords.read(stack, "levi.metrics", MetricRecord.class);
            for (String experiment : EXPERIMENTS) {
                boolean images = experiment.startsWith("digits");
                Set<String> scoredTopics = metrics.stream()
                        .filter(m -> m.getExperiment().toString().equals(experiment) && m.getSplit() != Split.GAP)
                        .filter(m -> m.getMetric().toString().equals(images ? "accuracy" : "rmse"))
                        .filter(m -> announced.get(experiment).contains(m.getVersion()))
                        .map(m -> m.getTopic().toString()).collect(Collectors.toSet());
                assertThat(scoredTopics).as(experiment).containsExactlyInAnyOrderElementsOf(images
                        ? List.of("levi.images.holdout", "levi.images.ood.digits", "levi.images.ood.rotated")
                        : List.of("levi.interactions.holdout", "levi.interactions.ood.late-users"));
            }
        }
        assertThat(console.toString()).contains("GENERATED STAND-IN").contains("[6/6]");
        Path run = runFolder();
        String summary = Files.readString(run.resolve("summary.md"));
        EXPERIMENTS.forEach(e -> assertThat(summary).contains("| " + e + " |"));
        assertThat(Files.readString(run.resolve("report.html"))).contains("window.LEVI_STATE = {\"series\":[{");
    }

    @Test
    void ctrlCStopsTheTrainersWritesThePartialResultsAndSaysSo() throws Exception {
        StringWriter console = new StringWriter();
        DemoCommand demo = new DemoCommand();
        ShutdownSignal stop = ShutdownSignal.manual();
        demo.stopSignal = () -> stop;
        CommandLine command = new CommandLine(demo).setOut(new PrintWriter(console, true))
                .setErr(new PrintWriter(new StringWriter(), true));
        try (EmbeddedStack stack = EmbeddedStack.start(StackSettings.forTests())) {
            var run = java.util.concurrent.Executors.newSingleThreadExecutor().submit(() -> command.execute("--quick",
                    "--data", "generated", "--out", out.toString(), "--dashboard-port", "0", "--bootstrap-servers",
                    stack.bootstrapServers(), "--schema-registry-url", stack.registryUrl(), "--config-dir",
                    Path.of("..", "config").toString()));
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(90).toNanos();
            while (!console.toString().contains("versions   1") && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            stop.request();

            assertThat(run.get(60, java.util.concurrent.TimeUnit.SECONDS)).as("console:%n%s", console)
                    .isEqualTo(DemoCommand.STOPPED);
            assertThat(TopicRecords.read(stack, "levi.checkpoints", CheckpointEvent.class)).isNotEmpty();
        }
        assertThat(console.toString()).contains("stopped: stopping the trainers").contains("are partial");
        assertThat(runFolder().resolve("report.html")).exists();
    }

    private Path runFolder() throws IOException {
        try (Stream<Path> runs = Files.list(out)) {
            return runs.filter(p -> Files.exists(p.resolve("summary.md"))).findFirst().orElseThrow();
        }
    }
}
