package org.levistream.app.demo;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.levistream.app.ShutdownSignal;
import org.levistream.ingest.publish.IngestSummary;
import picocli.CommandLine.ExitCode;

/**
 * Steps 4 to 6 of a demo, on a running Kafka: the held-out topics, then the live topics with the trainers and the
 * evaluator until the trainers' stop, then the last versions' scoring and the summary. The clock started with Kafka.
 */
final class DemoRun {
    private final DemoPlan plan;
    private final DemoData data;
    private final DemoConfigs configs;
    private final Path backbones;
    private final Path dir;
    private final DemoConsole console;
    private final ShutdownSignal stop;
    private final int dashboardPort;
    private final boolean serve;
    private final long deadline;

    DemoRun(DemoPlan plan, DemoData data, DemoConfigs configs, Path backbones, Path dir, DemoConsole console, ShutdownSignal stop,
            int dashboardPort, boolean serve) {
        this.plan = plan;
        this.data = data;
        this.configs = configs;
        this.backbones = backbones;
        this.dir = dir;
        this.console = console;
        this.stop = stop;
        this.dashboardPort = dashboardPort;
        this.serve = serve;
        this.deadline = System.nanoTime() + plan.total().toNanos();
        console.startClock();
    }

    /**
     * Runs the demo on a cluster.
     *
     * @param kafka the cluster
     * @return the exit code: 0 done, 1 a part failed, 130 stopped
     * @throws Exception if a part cannot start
     */
    int run(StreamFeed.KafkaTarget kafka) throws Exception {
        console.phase("[4/6] held-out and OOD topics (as fast as possible, so every version is scored on them)");
        List<StreamFeed> feeds = List.of(StreamFeed.movieLens(data.dir(), configs),
                StreamFeed.digits(data.dir(), configs));
        for (StreamFeed feed : feeds) {
            console.line(counts(feed.name(), feed.publishHeldOut(kafka)));
        }
        if (stop.isRequested()) {
            console.line("Stopped before training; the held-out topics were published.");
            return DemoCommand.STOPPED;
        }
        console.phase("[5/6] live: trainers, evaluator and the live topics");
        Duration training = remaining().minus(plan.drain());
        try (DemoEvaluation evaluation = DemoEvaluation.start(kafka, configs, dir.resolve("checkpoints"), backbones, data,
                dir.resolve("state"), plan.sampleSize(), dashboardPort)) {
            console.line("  dashboard: " + evaluation.dashboardUrl() + "  (live; the report at the end keeps the plots)");
            DemoExperiments experiments = DemoExperiments.start(kafka, configs, backbones, data, dir.resolve("checkpoints"),
                    plan.checkpointEvery(training), plan.holdoutSample());
            try {
                for (StreamFeed feed : feeds) {
                    double speed = feed.startLive(kafka, plan.livePlay(training));
                    console.line(String.format(Locale.ROOT, "  %s: the live topic %s plays at %,.0fx event time, "
                            + "over %s", feed.name(), feed.liveTopic(), speed, clock(plan.livePlay(training))));
                }
                console.line(String.format(Locale.ROOT, "  trainers: %s, a version every %s, until %s",
                        String.join(", ", DemoExperiments.ALL.stream().map(DemoExperiments.Experiment::name).toList()),
                        clock(plan.checkpointEvery(training)), clock(plan.total().minus(plan.drain()))));
                Optional<String> failure = follow(experiments, evaluation, plan.drain());
                console.phase("[6/6] " + (stop.isRequested() ? "stopped: " : "") + "stopping the trainers; their last "
                        + "versions are scored");
                experiments.close();
                for (StreamFeed feed : feeds) {
                    feed.close();
                }
                if (failure.isEmpty() && !stop.isRequested()) {
                    failure = awaitScoring(experiments, evaluation);
                }
                return finish(experiments, evaluation, failure);
            } finally {
                experiments.close();
                for (StreamFeed feed : feeds) {
                    feed.close();
                }
            }
        }
    }

    /** Prints progress until only {@code until} is left, a part fails, or a stop is asked for. */
    private Optional<String> follow(DemoExperiments experiments, DemoEvaluation evaluation, Duration until)
            throws InterruptedException {
        long every = (plan.quick() ? Duration.ofSeconds(5) : Duration.ofSeconds(15)).toNanos();
        long next = System.nanoTime() + every;
        while (!stop.isRequested() && remaining().compareTo(until) > 0) {
            Optional<String> failure = failure(experiments, evaluation);
            if (failure.isPresent()) {
                return failure;
            }
            if (System.nanoTime() - next >= 0) {
                console.progress(experiments, evaluation);
                next += every;
            }
            Thread.sleep(200);
        }
        return failure(experiments, evaluation);
    }

    /** Waits until every announced version is scored, or the run's time is up. */
    private Optional<String> awaitScoring(DemoExperiments experiments, DemoEvaluation evaluation)
            throws InterruptedException {
        while (!stop.isRequested() && !remaining().isNegative()) {
            Optional<String> failure = failure(experiments, evaluation);
            if (failure.isPresent() || allScored(experiments, evaluation)) {
                return failure;
            }
            Thread.sleep(500);
        }
        return Optional.empty();
    }

    private static boolean allScored(DemoExperiments experiments, DemoEvaluation evaluation) {
        var series = evaluation.view().snapshot().series();
        return experiments.trackers().entrySet().stream().allMatch(e -> e.getValue().announced().stream()
                .allMatch(v -> evaluation.scored(series, e.getKey(), v)));
    }

    private static Optional<String> failure(DemoExperiments experiments, DemoEvaluation evaluation) {
        if (evaluation.failure().isPresent()) {
            return Optional.of("the evaluator failed: " + evaluation.failure().get());
        }
        return experiments.failure().map(f -> "a trainer failed: " + f);
    }

    /** Prints and writes the summary, and says how the run ended. */
    private int finish(DemoExperiments experiments, DemoEvaluation evaluation, Optional<String> failure)
            throws IOException, InterruptedException {
        Duration took = plan.total().minus(remaining());
        String title = String.format(Locale.ROOT, "levi demo, %s run on %s", clock(took), data.label());
        DemoSummary summary = DemoSummary.of(title, experiments, evaluation);
        console.alerts(evaluation.view().snapshot());
        console.line("");
        console.line(summary.text());
        Path report = summary.write(dir, evaluation.view().snapshot());
        console.line("Report (the dashboard's plots, offline): " + report.toAbsolutePath());
        console.line("Dashboard during the run: " + evaluation.dashboardUrl() + (serve ? "" : " (gone when the demo "
                + "ends; --serve keeps it up)"));
        console.line("Summary (Markdown): " + dir.resolve("summary.md").toAbsolutePath());
        console.line("Checkpoints and evaluator state: " + dir.toAbsolutePath());
        if (summary.unscored() > 0) {
            console.line(summary.unscored() + " version(s) were announced but not scored before the end (see "
                    + "'not scored in time'): a longer --minutes gives the evaluator the time.");
        }
        failure.ifPresent(f -> console.line("FAILED: " + f));
        if (stop.isRequested()) {
            console.line("Stopped by Ctrl+C before the end: the results above and in " + dir.toAbsolutePath()
                    + " are partial.");
        } else if (serve && failure.isEmpty()) {
            console.line("The dashboard stays up at " + evaluation.dashboardUrl() + " until Ctrl+C.");
            stop.await();
        }
        return failure.isPresent() ? ExitCode.SOFTWARE : stop.isRequested() && !serve ? DemoCommand.STOPPED
                : ExitCode.OK;
    }

    private Duration remaining() {
        return Duration.ofNanos(deadline - System.nanoTime());
    }

    /**
     * What a held-out pass published, and what it dead-lettered (rows that are not records, or records that fail
     * their checks), by reason. The live pass reads the same files, so it dead-letters the same rows again.
     */
    private static String counts(String stream, List<IngestSummary> summaries) {
        StringBuilder s = new StringBuilder("  " + stream + ":");
        summaries.forEach(summary -> summary.counts().published().forEach((topic, n) ->
                s.append(String.format(Locale.ROOT, " %s %,d", topic, n))));
        for (IngestSummary summary : summaries) {
            if (summary.counts().deadLetteredTotal() > 0) {
                s.append(String.format(Locale.ROOT, "; %,d bad rows of %s to %s %s", summary.counts()
                        .deadLetteredTotal(), summary.source(), summary.deadLetterTopic(), summary.counts()
                        .deadLettered()));
            }
        }
        return s.toString();
    }

    private static String clock(Duration d) {
        return String.format(Locale.ROOT, "%d:%02d", d.toMinutes(), d.toSecondsPart());
    }
}
