package org.levistream.app.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.levistream.evaluator.dashboard.AlertMark;
import org.levistream.evaluator.dashboard.AlertTrack;
import org.levistream.evaluator.dashboard.MetricPoint;
import org.levistream.evaluator.dashboard.StaticReport;
import org.levistream.evaluator.dashboard.ViewSnapshot;

/**
 * The demo's result: per stream, one row per experiment and version with its main metric on the ID holdout and each
 * OOD topic (with the 95% interval) and the alerts that version raised or resolved; as text for the console, as
 * Markdown ({@code summary.md}) and above the plots of the static report ({@code report.html}).
 *
 * @param title  what was run, on what data
 * @param tables one per stream
 */
record DemoSummary(String title, List<Table> tables) {
    /**
     * One stream's table.
     *
     * @param stream  the stream
     * @param metric  the main metric shown
     * @param columns the held-out topics, ID first
     * @param rows    one per experiment and scored version
     */
    record Table(String stream, String metric, List<String> columns, List<Row> rows) {
    }

    /**
     * One version.
     *
     * @param experiment the experiment
     * @param version    the version
     * @param cells      the metric per column, e.g. {@code 0.981 [0.95, 1.01]}
     * @param alerts     what the version raised or resolved, e.g. {@code OPEN ood.digits accuracy}; empty for none
     */
    record Row(String experiment, long version, List<String> cells, String alerts) {
    }

    /**
     * Gathers the summary from what the evaluator published and what the trainers announced. A version announced but
     * not scored by the end is listed with "not scored in time".
     */
    static DemoSummary of(String title, DemoExperiments experiments, DemoEvaluation evaluation) {
        ViewSnapshot view = evaluation.view().snapshot();
        List<Table> tables = new ArrayList<>();
        for (String stream : List.of("interactions", "images")) {
            List<String> topics = evaluation.topics(stream);
            List<Row> rows = new ArrayList<>();
            experiments.trackers().forEach((experiment, tracker) -> {
                if (experiment.stream().equals(stream)) {
                    for (long version : tracker.announced()) {
                        rows.add(row(view, experiment, topics, version));
                    }
                }
            });
            tables.add(new Table(stream, DemoEvaluation.mainMetric(stream),
                    topics.stream().map(DemoConsole::shortTopic).toList(), rows));
        }
        return new DemoSummary(title, tables);
    }

    private static Row row(ViewSnapshot view, DemoExperiments.Experiment experiment, List<String> topics,
                           long version) {
        List<String> cells = new ArrayList<>();
        for (String topic : topics) {
            Optional<MetricPoint> p = DemoEvaluation.point(view.series(), experiment, topic, version);
            cells.add(p.map(DemoSummary::cell).orElse("not scored in time"));
        }
        List<String> alerts = new ArrayList<>();
        for (AlertTrack track : view.alerts()) {
            if (track.key().experiment().equals(experiment.name())) {
                for (AlertMark mark : track.marks()) {
                    if (mark.version() == version) {
                        alerts.add(mark.status() + " " + DemoConsole.shortTopic(track.key().topic()) + " "
                                + track.key().metric() + " vs v" + mark.referenceVersion());
                    }
                }
            }
        }
        return new Row(experiment.name(), version, cells, String.join("; ", alerts));
    }

    private static String cell(MetricPoint p) {
        return p.low() == null ? String.format(Locale.ROOT, "%.3f", p.value())
                : String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", p.value(), p.low(), p.high());
    }

    /** How many rows lack a metric: versions announced but not scored before the end. */
    long unscored() {
        return tables.stream().flatMap(t -> t.rows().stream())
                .filter(r -> r.cells().stream().anyMatch(c -> c.startsWith("not"))).count();
    }

    /** The summary as aligned plain text. */
    String text() {
        StringBuilder s = new StringBuilder(title).append(System.lineSeparator());
        for (Table t : tables) {
            List<String> header = header(t);
            List<List<String>> lines = new ArrayList<>();
            lines.add(header);
            t.rows().forEach(r -> lines.add(cells(r)));
            int[] widths = new int[header.size()];
            lines.forEach(l -> {
                for (int i = 0; i < l.size(); i++) {
                    widths[i] = Math.max(widths[i], l.get(i).length());
                }
            });
            s.append(System.lineSeparator()).append(t.stream()).append(" (").append(t.metric())
                    .append(", 95% interval)").append(System.lineSeparator());
            for (List<String> l : lines) {
                StringBuilder line = new StringBuilder(" ");
                for (int i = 0; i < l.size(); i++) {
                    line.append(' ').append(String.format(Locale.ROOT, "%-" + widths[i] + "s", l.get(i)));
                }
                s.append(line.toString().stripTrailing()).append(System.lineSeparator());
            }
            if (t.rows().isEmpty()) {
                s.append("  (no versions)").append(System.lineSeparator());
            }
        }
        return s.toString();
    }

    /** The summary as Markdown. */
    String markdown() {
        StringBuilder s = new StringBuilder("# ").append(title).append("\n");
        for (Table t : tables) {
            s.append("\n## ").append(t.stream()).append(" (").append(t.metric()).append(", 95% interval)\n\n");
            s.append("| ").append(String.join(" | ", header(t))).append(" |\n");
            s.append("|").append("---|".repeat(header(t).size())).append("\n");
            t.rows().forEach(r -> s.append("| ").append(String.join(" | ", cells(r))).append(" |\n"));
        }
        return s.toString();
    }

    /** The summary as HTML tables, for the report. */
    String html() {
        StringBuilder s = new StringBuilder("<style>table.summary th, table.summary td {white-space: nowrap; "
                + "padding: 2px 10px; text-align: left; font-variant-numeric: tabular-nums}</style>\n<h2>")
                .append(escape(title)).append("</h2>\n");
        for (Table t : tables) {
            s.append("<h3>").append(escape(t.stream())).append(" (").append(escape(t.metric()))
                    .append(", 95% interval)</h3>\n<table class=\"summary\"><tr>");
            header(t).forEach(h -> s.append("<th>").append(escape(h)).append("</th>"));
            s.append("</tr>\n");
            for (Row r : t.rows()) {
                s.append("<tr>");
                cells(r).forEach(c -> s.append("<td>").append(escape(c)).append("</td>"));
                s.append("</tr>\n");
            }
            s.append("</table>\n");
        }
        return s.toString();
    }

    /**
     * Writes {@code summary.md} and {@code report.html} into a folder.
     *
     * @param dir  the run's folder
     * @param view the plots' data
     * @return the report's path
     * @throws IOException if a file cannot be written
     */
    Path write(Path dir, ViewSnapshot view) throws IOException {
        Files.writeString(dir.resolve("summary.md"), markdown(), StandardCharsets.UTF_8);
        return StaticReport.write(view, html(), dir.resolve("report.html"));
    }

    private static List<String> header(Table t) {
        List<String> h = new ArrayList<>(List.of("experiment", "version"));
        h.addAll(t.columns());
        h.add("alerts");
        return h;
    }

    private static List<String> cells(Row r) {
        List<String> c = new ArrayList<>(List.of(r.experiment(), Long.toString(r.version())));
        c.addAll(r.cells());
        c.add(r.alerts().isEmpty() ? "-" : r.alerts());
        return c;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
