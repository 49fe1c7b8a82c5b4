package org.levistream.bench.parity;

import static org.levistream.bench.parity.ParityResult.OFFLINE;
import static org.levistream.bench.parity.ParityResult.OFFLINE_STREAM_FEATURES;
import static org.levistream.bench.parity.ParityResult.OFFLINE_TOPIC_ORDER;
import static org.levistream.bench.parity.ParityResult.STREAM;
import static org.levistream.bench.parity.ParityResult.fmt;
import static org.levistream.bench.parity.ParityResult.pct;
import static org.levistream.bench.parity.ParityResult.relative;
import static org.levistream.bench.parity.ParityResult.value;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.levistream.bench.parity.ParityResult.MethodRuns;
import org.levistream.bench.parity.ParityResult.ParamDiff;

/** Renders a {@link ParityResult} as Markdown: the settings, both parity tables, parameters, wall times, verdict. */
public final class ParityReport {
    private ParityReport() {}

    /**
     * Renders the report.
     *
     * @param r the result
     * @return Markdown
     */
    public static String markdown(ParityResult r) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "### %s: %d epochs, batch %d, seed %d, %d training examples on %d "
                        + "partitions%n%n", r.benchmark(), r.epochs(), r.batchSize(), r.seed(), r.sets().get("train"),
                r.partitions()));
        s.append("Topic order of the `stream` arm: ").append(r.topicOrder()).append(".\n\n");
        sameBatches(r, s);
        if (!r.sameFeatures()) {
            features(r, s);
        }
        orderDiffers(r, s);
        parameters(r, s);
        wallTimes(r, s);
        long failed = r.checks().stream().filter(c -> !c.pass()).count();
        s.append(String.format(Locale.ROOT, "%nVerdict: %d of %d checks hold%s.%n", r.checks().size() - failed,
                r.checks().size(), failed == 0 ? "" : "; failing: " + r.checks().stream().filter(c -> !c.pass())
                        .map(c -> c.method().settingName() + " " + c.set() + " " + c.metric() + " (" + c.arm() + ")")
                        .toList()));
        return s.toString();
    }

    private static void sameBatches(ParityResult r, StringBuilder s) {
        s.append("Same batches and features on both sides (criterion: within 1% relative):\n\n| method | set | metric");
        StringBuilder rule = new StringBuilder("|---|---|---");
        for (List<String> pair : r.sameBatchPairs()) {
            s.append(" | ").append(pair.get(1)).append(" | ").append(pair.get(0)).append(" | diff | ≤ 1%");
            rule.append("|---|---|---|---");
        }
        s.append(" |\n").append(rule).append("|\n");
        for (MethodRuns m : r.methods()) {
            ParityResult.forEachScore(m, (set, metric) -> {
                s.append("| ").append(m.method().settingName()).append(" | ").append(set).append(" | ").append(metric);
                r.sameBatchPairs().forEach(pair -> s.append(pair(m, set, metric, pair.get(0), pair.get(1))));
                s.append(" |\n");
            });
        }
        s.append('\n');
    }

    /** The effect of the features alone: the offline training in the topic's order, over either features. */
    private static void features(ParityResult r, StringBuilder s) {
        s.append("Same batches, the features differ (the trainer's user contexts come from the training stream "
                + "alone, the offline sets' from every earlier rating; no criterion):\n\n| method | set | metric | ")
                .append(OFFLINE_TOPIC_ORDER).append(" | ").append(OFFLINE_STREAM_FEATURES)
                .append(" | diff |\n|---|---|---|---|---|---|\n");
        for (MethodRuns m : r.methods()) {
            ParityResult.forEachScore(m, (set, metric) -> {
                Optional<Double> v = value(m, OFFLINE_STREAM_FEATURES, set, metric);
                Optional<Double> ref = value(m, OFFLINE_TOPIC_ORDER, set, metric);
                s.append("| ").append(m.method().settingName()).append(" | ").append(set).append(" | ").append(metric)
                        .append(" | ").append(ref.map(ParityResult::fmt).orElse("–")).append(" | ")
                        .append(v.map(ParityResult::fmt).orElse("–")).append(" | ")
                        .append(v.isPresent() && ref.isPresent() ? pct(relative(v.get(), ref.get())) : "–")
                        .append(" |\n");
            });
        }
        s.append('\n');
    }

    private static String pair(MethodRuns m, String set, String metric, String arm, String against) {
        Optional<Double> v = value(m, arm, set, metric);
        Optional<Double> ref = value(m, against, set, metric);
        if (v.isEmpty() || ref.isEmpty()) {
            return " | " + ref.map(ParityResult::fmt).orElse("–") + " | – | – | –";
        }
        double rel = relative(v.get(), ref.get());
        return " | " + fmt(ref.get()) + " | " + fmt(v.get()) + " | " + pct(rel) + " | "
                + (Math.abs(rel) <= ParityResult.SAME_BATCHES_TOLERANCE ? "yes" : "**no**");
    }

    private static void orderDiffers(ParityResult r, StringBuilder s) {
        s.append("Batch order differs after the first epoch (criterion: within one standard deviation of the offline "
                + "seeds of the offline run with the same seed").append(r.sameFeatures() ? ""
                : "; the trainer's features differ too, see below").append("):\n\n");
        s.append("| method | set | metric | offline seeds ").append(r.reference().seeds()).append(" mean ± std | ")
                .append("offline seed ").append(r.seed()).append(": results file / this run | stream, ")
                .append(r.epochs()).append(" passes | − offline seed ").append(r.seed())
                .append(" | within 1 std |\n|---|---|---|---|---|---|---|---|\n");
        for (MethodRuns m : r.methods()) {
            ParityResult.forEachScore(m, (set, metric) -> {
                var stat = r.reference().stat(m.method(), set, metric);
                Optional<Double> stream = value(m, STREAM, set, metric);
                Optional<Double> offline = value(m, OFFLINE, set, metric);
                String recorded = r.reference().run(m.method(), set, metric, r.seed()).map(ParityResult::fmt)
                        .orElse("–");
                boolean comparable = stat.isPresent() && stream.isPresent() && offline.isPresent();
                s.append("| ").append(m.method().settingName()).append(" | ").append(set).append(" | ").append(metric)
                        .append(" | ").append(stat.map(x -> fmt(x.mean()) + " ± " + fmt(x.std())).orElse("–"))
                        .append(" | ").append(recorded).append(" / ").append(offline.map(ParityResult::fmt).orElse("–"))
                        .append(" | ").append(stream.map(ParityResult::fmt).orElse("–")).append(" | ")
                        .append(comparable ? String.format(Locale.ROOT, "%+.4f", stream.get() - offline.get()) : "–")
                        .append(" | ").append(comparable ? (Math.abs(stream.get() - offline.get()) <= stat.get().std()
                                ? "yes" : "**no**") : "–").append(" |\n");
            });
        }
        s.append('\n');
    }

    private static void parameters(ParityResult r, StringBuilder s) {
        s.append("Final trainable parameters:\n\n");
        for (MethodRuns m : r.methods()) {
            for (ParamDiff d : m.diffs()) {
                s.append(String.format(Locale.ROOT, "- %s: %s vs %s: %s%n", m.method().settingName(), d.arm(),
                        d.against(), d.bitEqual() ? "bit-identical" : String.format(Locale.ROOT,
                                "largest difference %.3g", d.maxAbs())));
            }
        }
    }

    private static void wallTimes(ParityResult r, StringBuilder s) {
        s.append("\nWall times (training, and for the streaming arms the trainers' start-up and final checkpoints):\n\n");
        for (MethodRuns m : r.methods()) {
            StringBuilder line = new StringBuilder("- ").append(m.method().settingName()).append(" (lr ")
                    .append(m.learningRate()).append("):");
            m.arms().forEach((arm, run) -> line.append(String.format(Locale.ROOT, " %s %.1f s;", arm, run.seconds())));
            s.append(line, 0, line.length() - 1).append('\n');
        }
    }
}
