package org.levistream.bench.parity;

import static org.levistream.bench.parity.ParityResult.OFFLINE;
import static org.levistream.bench.parity.ParityResult.OFFLINE_TOPIC_ORDER;
import static org.levistream.bench.parity.ParityResult.STREAM;
import static org.levistream.bench.parity.ParityResult.STREAM_EPOCH_ORDERS;
import static org.levistream.bench.parity.ParityResult.fmt;
import static org.levistream.bench.parity.ParityResult.pct;
import static org.levistream.bench.parity.ParityResult.relative;
import static org.levistream.bench.parity.ParityResult.value;

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
        if (r.sameFeatures()) {
            sameBatches(r, s);
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
        s.append("Same batches on both sides (criterion: within 1% relative):\n\n");
        s.append("| method | set | metric | offline (levi experiment), seed ").append(r.seed())
                .append(" | stream, epoch orders | diff | ≤ 1% | offline, topic order | stream, ").append(r.epochs())
                .append(" passes | diff | ≤ 1% |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (MethodRuns m : r.methods()) {
            ParityResult.forEachScore(m, (set, metric) -> s.append("| ").append(m.method().settingName())
                    .append(" | ").append(set).append(" | ").append(metric)
                    .append(pair(m, set, metric, STREAM_EPOCH_ORDERS, OFFLINE))
                    .append(pair(m, set, metric, STREAM, OFFLINE_TOPIC_ORDER)).append(" |\n"));
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
                + "seeds' mean").append(r.sameFeatures() ? "" : "; the trainer's features differ too, see below")
                .append("):\n\n");
        s.append("| method | set | metric | offline seeds ").append(r.reference().seeds()).append(" mean ± std | ")
                .append("offline seed ").append(r.seed()).append(": results file / this run | stream, ")
                .append(r.epochs()).append(" passes | − mean | within 1 std |\n|---|---|---|---|---|---|---|---|\n");
        for (MethodRuns m : r.methods()) {
            ParityResult.forEachScore(m, (set, metric) -> {
                var stat = r.reference().stat(m.method(), set, metric);
                Optional<Double> stream = value(m, STREAM, set, metric);
                String recorded = r.reference().run(m.method(), set, metric, r.seed()).map(ParityResult::fmt)
                        .orElse("–");
                s.append("| ").append(m.method().settingName()).append(" | ").append(set).append(" | ").append(metric)
                        .append(" | ").append(stat.map(x -> fmt(x.mean()) + " ± " + fmt(x.std())).orElse("–"))
                        .append(" | ").append(recorded).append(" / ")
                        .append(value(m, OFFLINE, set, metric).map(ParityResult::fmt).orElse("–"))
                        .append(" | ").append(stream.map(ParityResult::fmt).orElse("–")).append(" | ")
                        .append(stat.isPresent() && stream.isPresent() ? String.format(Locale.ROOT, "%+.4f",
                                stream.get() - stat.get().mean()) : "–").append(" | ")
                        .append(stat.isPresent() && stream.isPresent() ? (Math.abs(stream.get() - stat.get().mean())
                                <= stat.get().std() ? "yes" : "**no**") : "–").append(" |\n");
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
