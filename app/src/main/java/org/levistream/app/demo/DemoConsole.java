package org.levistream.app.demo;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.levistream.evaluator.dashboard.AlertMark;
import org.levistream.evaluator.dashboard.AlertStatus;
import org.levistream.evaluator.dashboard.AlertTrack;
import org.levistream.evaluator.dashboard.MetricPoint;
import org.levistream.evaluator.dashboard.ViewSnapshot;

/**
 * The demo's progress in the terminal: every few seconds, per experiment, the records and steps trained, the versions
 * announced and scored, and the newest scored version's main metric on each held-out topic; and the open alerts.
 */
final class DemoConsole {
    private final PrintWriter out;
    /** The alert marks already printed, so that each raise and resolve is printed once. */
    private final java.util.Set<String> printedAlerts = new java.util.HashSet<>();
    private long startNanos = System.nanoTime();

    DemoConsole(PrintWriter out) {
        this.out = out;
    }

    /** Starts the clock the progress lines show: the run's, which starts with Kafka. */
    void startClock() {
        startNanos = System.nanoTime();
    }

    /** Prints a step of the run, e.g. {@code [2/6] backbones}. */
    void phase(String text) {
        out.println();
        out.println(text);
        out.flush();
    }

    /** Prints one line as it is. */
    void line(String text) {
        out.println(text);
        out.flush();
    }

    /** Prints where every experiment stands. */
    void progress(DemoExperiments experiments, DemoEvaluation evaluation) {
        ViewSnapshot view = evaluation.view().snapshot();
        long open = view.alerts().stream().filter(a -> a.status() == AlertStatus.OPEN).count();
        out.printf(Locale.ROOT, "[%s] alerts open: %d%n", clock(), open);
        for (Map.Entry<DemoExperiments.Experiment, DemoExperiments.Tracker> e : experiments.trackers().entrySet()) {
            out.println("  " + line(e.getKey(), e.getValue(), evaluation, view));
        }
        alerts(view);
        out.flush();
    }

    /** Prints each alert raised or resolved since the last call, once. */
    void alerts(ViewSnapshot view) {
        for (AlertTrack track : view.alerts()) {
            for (AlertMark mark : track.marks()) {
                if (printedAlerts.add(track.key() + "/" + mark.version() + "/" + mark.status())) {
                    out.printf(Locale.ROOT, "  %s %s v%d %s %s: %.4g against v%d's %.4g%n",
                            mark.status() == AlertStatus.OPEN ? "ALERT" : "RESOLVED", track.key().experiment(),
                            mark.version(), shortTopic(track.key().topic()), track.key().metric(), mark.value(),
                            mark.referenceVersion(), mark.referenceValue());
                }
            }
        }
        out.flush();
    }

    private static String line(DemoExperiments.Experiment experiment, DemoExperiments.Tracker tracker,
                               DemoEvaluation evaluation, ViewSnapshot view) {
        List<Long> announced = List.copyOf(tracker.announced());
        List<Long> scored = announced.stream().filter(v -> evaluation.scored(view.series(), experiment, v)).toList();
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%-12s %,9d records  step %5d  versions %3d "
                + "(scored %3d)", experiment.name(), tracker.records(), tracker.steps(), announced.size(), scored.size()));
        scored.stream().reduce((a, b) -> b).ifPresent(v -> {
            s.append(String.format(Locale.ROOT, "  v%d %s:", v, DemoEvaluation.mainMetric(experiment.stream())));
            for (String topic : evaluation.topics(experiment.stream())) {
                MetricPoint p = DemoEvaluation.point(view.series(), experiment, topic, v).orElseThrow();
                s.append(String.format(Locale.ROOT, " %s %.3f", shortTopic(topic), p.value()));
            }
        });
        if (announced.isEmpty() && !tracker.waiting().isEmpty()) {
            String why = tracker.waiting();
            s.append("  ").append(why.contains(":") ? why.substring(0, why.indexOf(':')) : why);
        }
        return s.toString();
    }

    /** {@code levi.images.ood.digits} as {@code ood.digits}. */
    static String shortTopic(String topic) {
        String[] parts = topic.split("\\.", 3);
        return parts.length == 3 ? parts[2] : topic;
    }

    /** Time since the run's clock started, as {@code m:ss}. */
    String clock() {
        Duration d = Duration.ofNanos(System.nanoTime() - startNanos);
        return String.format(Locale.ROOT, "%2d:%02d", d.toMinutes(), d.toSecondsPart());
    }
}
