package org.levistream.experiment.protocol;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.levistream.model.metrics.Metrics;

/**
 * Writes a benchmark's results as {@code <name>.md} (a table of mean ± std over seeds), {@code <name>.json} (every
 * seed's numbers, the search and the settings) and {@code <name>.svg} (a chart), each saying how it was made.
 */
public final class ResultsWriter {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ResultsWriter() {}

    /**
     * Writes the three files.
     *
     * @param dir        the results folder (created if needed)
     * @param result     the results
     * @param command    the exact command line that produced them
     * @param provenance machine, JDK, commit and the like, shown as given
     * @return the files written
     * @throws IOException if writing fails
     */
    public static List<Path> write(Path dir, ExperimentResult result, String command, Map<String, String> provenance)
            throws IOException {
        Files.createDirectories(dir);
        Path md = dir.resolve(result.benchmark() + ".md");
        Path json = dir.resolve(result.benchmark() + ".json");
        Path svg = dir.resolve(result.benchmark() + ".svg");
        Files.writeString(md, markdown(result, command, provenance, svg.getFileName().toString()),
                StandardCharsets.UTF_8);
        JSON.writeValue(json.toFile(), json(result, command, provenance));
        Files.writeString(svg, SvgChart.render(result), StandardCharsets.UTF_8);
        return List.of(md, json, svg);
    }

    static String markdown(ExperimentResult r, String command, Map<String, String> provenance, String chart) {
        StringBuilder s = new StringBuilder();
        s.append("# ").append(r.benchmark()).append(": LEVI vs baselines, ID and OOD\n\n");
        s.append("Made by:\n\n```\n").append(command).append("\n```\n\n");
        provenance.forEach((k, v) -> s.append("- ").append(k).append(": ").append(v).append('\n'));
        s.append(String.format(Locale.ROOT, "- protocol: %d epochs, batch %d, seeds %s; learning rate per method "
                        + "chosen by the mean ID-validation %s over those seeds, then the chosen models scored on the "
                        + "test sets; wall time %.0f s%n",
                r.settings().epochs(), r.settings().batchSize(), r.settings().seeds(),
                Metrics.selectionMetric(r.task()), r.seconds()));
        if (r.settings().zeroIdTables()) {
            s.append("- small model's id tables start at zero (--id-init zeros)\n");
        }
        if (!r.settings().overrides().isEmpty()) {
            s.append("- model overrides: ").append(r.settings().overrides()).append('\n');
        }
        s.append("- sets: ").append(r.sets()).append("\n\n");
        s.append("Mean ± std over ").append(r.settings().seeds().size()).append(" seeds. ");
        s.append(r.task() == org.levistream.model.levi.TaskKind.RATING
                ? "RMSE and MAE: lower is better.\n\n" : "Accuracy: higher is better; NLL (nats): lower is better.\n\n");
        List<String> header = new ArrayList<>(List.of("method", "lr", "trainable params", "step ms"));
        List<String[]> columns = columns(r);
        columns.forEach(c -> header.add(c[0] + " " + c[1]));
        s.append("| ").append(String.join(" | ", header)).append(" |\n");
        s.append("|").append("---|".repeat(header.size())).append('\n');
        for (MethodResult m : r.methods()) {
            List<String> row = new ArrayList<>();
            row.add(m.method().settingName());
            row.add(rate(m.learningRate()));
            row.add(String.format(Locale.ROOT, "%,d", m.trainableParameters()));
            row.add(String.format(Locale.ROOT, "%.1f", MethodResult.mean(m.stepMillis())));
            for (String[] c : columns) {
                List<Double> v = m.scores().get(c[0]).get(c[1]);
                row.add(String.format(Locale.ROOT, "%.4f ± %.4f", MethodResult.mean(v), MethodResult.std(v)));
            }
            s.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        s.append("\nLearning-rate search (validation ").append(Metrics.selectionMetric(r.task()))
                .append(" per rate, mean over the seeds; NaN = diverged):\n\n");
        for (MethodResult m : r.methods()) {
            s.append("- ").append(m.method().settingName()).append(": ");
            List<String> parts = new ArrayList<>();
            m.validationByRate().forEach((lr, v) -> parts.add(rate(lr) + " → "
                    + String.format(Locale.ROOT, "%.4f", v)));
            s.append(String.join(", ", parts)).append('\n');
        }
        s.append("\n![").append(r.benchmark()).append(" chart](").append(chart).append(")\n");
        return s.toString();
    }

    /** Every (set, metric) pair, ID test first. */
    static List<String[]> columns(ExperimentResult r) {
        List<String[]> columns = new ArrayList<>();
        if (r.methods().isEmpty()) {
            return columns;
        }
        r.methods().get(0).scores().forEach((set, metrics) -> metrics.keySet()
                .forEach(metric -> columns.add(new String[] {set, metric})));
        return columns;
    }

    static String rate(float lr) {
        return lr >= 1 ? String.valueOf((int) lr) : String.format(Locale.ROOT, "%.0e", lr).replace("e-0", "e-");
    }

    private static Map<String, Object> json(ExperimentResult r, String command, Map<String, String> provenance) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("benchmark", r.benchmark());
        root.put("command", command);
        root.put("provenance", provenance);
        root.put("task", r.task().name().toLowerCase(Locale.ROOT));
        root.put("sets", r.sets());
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("epochs", r.settings().epochs());
        settings.put("batchSize", r.settings().batchSize());
        settings.put("seeds", r.settings().seeds());
        settings.put("selectionMetric", Metrics.selectionMetric(r.task()));
        settings.put("overrides", r.settings().overrides());
        settings.put("tapCacheEntries", r.settings().cacheEntries());
        settings.put("idTableInit", r.settings().zeroIdTables() ? "zeros" : "random");
        root.put("settings", settings);
        root.put("seconds", Math.round(r.seconds()));
        List<Object> methods = new ArrayList<>();
        for (MethodResult m : r.methods()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("method", m.method().settingName());
            o.put("learningRate", m.learningRate());
            Map<String, Object> search = new LinkedHashMap<>();
            m.validationByRate().forEach((lr, v) -> search.put(rate(lr), Double.isNaN(v) ? "NaN" : v));
            o.put("validationByLearningRate", search);
            o.put("trainableParameters", m.trainableParameters());
            o.put("stepMillis", summary(m.stepMillis()));
            Map<String, Object> scores = new LinkedHashMap<>();
            m.scores().forEach((set, metrics) -> {
                Map<String, Object> perMetric = new LinkedHashMap<>();
                metrics.forEach((metric, values) -> perMetric.put(metric, summary(values)));
                scores.put(set, perMetric);
            });
            o.put("scores", scores);
            methods.add(o);
        }
        root.put("methods", methods);
        return root;
    }

    private static Map<String, Object> summary(List<Double> values) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("mean", finite(MethodResult.mean(values)));
        s.put("std", finite(MethodResult.std(values)));
        s.put("runs", values.stream().map(ResultsWriter::finite).toList());
        return s;
    }

    private static Object finite(double v) {
        return Double.isFinite(v) ? (Object) v : "NaN";
    }
}
