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
        s.append(protocolLine(r)).append('\n');
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
        List<String> header = new ArrayList<>(List.of("method", "setting", "epochs", "trainable params", "step ms"));
        List<String[]> columns = columns(r);
        columns.forEach(c -> header.add(c[0] + " " + c[1]));
        s.append("| ").append(String.join(" | ", header)).append(" |\n");
        s.append("|").append("---|".repeat(header.size())).append('\n');
        for (MethodResult m : r.methods()) {
            List<String> row = new ArrayList<>();
            row.add(m.method().settingName());
            row.add(setting(m));
            row.add(epochs(m));
            row.add(String.format(Locale.ROOT, "%,d", m.trainableParameters()));
            double stepMillis = MethodResult.mean(m.stepMillis());
            // WiSE-FT trains nothing, so it has no step time of its own.
            row.add(Double.isNaN(stepMillis) ? "–" : String.format(Locale.ROOT, "%.1f", stepMillis));
            for (String[] c : columns) {
                List<Double> v = m.scores().get(c[0]).get(c[1]);
                row.add(String.format(Locale.ROOT, "%.4f ± %.4f", MethodResult.mean(v), MethodResult.std(v)));
            }
            s.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        s.append("\nSearch (validation ").append(Metrics.selectionMetric(r.task()))
                .append(" per setting, mean over the seeds, with each seed's kept epoch; NaN = diverged):\n\n");
        for (MethodResult m : r.methods()) {
            s.append("- ").append(m.method().settingName()).append(": ");
            List<String> parts = new ArrayList<>();
            m.search().forEach((label, v) -> parts.add(label + " → " + String.format(Locale.ROOT, "%.4f", v.score())
                    + (v.epochs().isEmpty() ? "" : " " + v.epochs())));
            s.append(String.join(", ", parts)).append('\n');
        }
        s.append("\n![").append(r.benchmark()).append(" chart](").append(chart).append(")\n");
        return s.toString();
    }

    /** The protocol's budget rule, search and wall time, as one Markdown list item. */
    static String protocolLine(ExperimentResult r) {
        ProtocolSettings p = r.settings();
        String metric = Metrics.selectionMetric(r.task());
        String rule = p.converges()
                ? String.format(Locale.ROOT, "every run trains until ID-validation %s has not improved for %d epochs "
                        + "(at most %d epochs) and its best ID-validation state is kept", metric, p.patience(),
                        p.epochs())
                : String.format(Locale.ROOT, "every run trains %d epochs and its last state is kept", p.epochs());
        String search = p.search().optimizers().isEmpty() ? "learning rate (the paper's grid, the recipe's optimizer)"
                : "optimizer × learning rate × backbone factor (" + grids(p.search()) + ")";
        String budget = p.search().name().equals(SearchSpace.BUDGET.name())
                ? "**budget run** (a reduced search, not the full protocol); " : "";
        String over = p.searchSeeds() == 0 ? "those seeds"
                : "seeds " + p.seedsSearched() + " (then the chosen setting alone trained on the other seeds)";
        return String.format(Locale.ROOT, "- protocol: %s%s, batch %d, seeds %s; %s per method chosen by the mean "
                + "ID-validation %s over %s, then the chosen models scored on the test sets; wall time "
                + "%.0f s", budget, rule, p.batchSize(), p.seeds(), search, metric, over, r.seconds());
    }

    private static String grids(SearchSpace search) {
        List<String> parts = new ArrayList<>();
        for (var kind : search.optimizers()) {
            String name = kind.name().toLowerCase(Locale.ROOT);
            parts.add(name + " " + search.grid().get(kind).stream().map(ResultsWriter::rate).toList()
                    + ", lp " + search.lpGrid().get(kind).stream().map(ResultsWriter::rate).toList());
        }
        // Fine-tuning points of their own (amazon's top-layer settings) replace the grid × factors for FT and LP-FT.
        parts.add(search.fineTune().isEmpty() ? "ft/lp-ft backbone factors " + search.backboneFactors()
                : "ft/lp-ft " + search.fineTune().stream().map(SearchPoint::label).toList());
        return String.join("; ", parts);
    }

    static String setting(MethodResult m) {
        return Float.isNaN(m.alpha()) ? m.setting().label()
                : Protocol.alphaLabel(m.alpha()) + " (ft " + m.setting().label() + ")";
    }

    static String epochs(MethodResult m) {
        if (m.epochs().isEmpty()) {
            return "ft's";
        }
        List<String> parts = new ArrayList<>();
        for (int k = 0; k < m.epochs().size(); k++) {
            int kept = m.epochs().get(k);
            int run = m.epochsRun().get(k);
            parts.add(kept < 0 ? "diverged" : kept == run ? String.valueOf(kept) : kept + "/" + run);
        }
        return String.join(", ", parts);
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
        settings.put("rule", r.settings().converges() ? "convergence" : "fixed");
        settings.put("patience", r.settings().patience());
        settings.put("search", r.settings().search().name());
        settings.put("budget", r.settings().search().name().equals(SearchSpace.BUDGET.name()));
        settings.put("batchSize", r.settings().batchSize());
        settings.put("seeds", r.settings().seeds());
        settings.put("searchSeeds", r.settings().seedsSearched());
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
            o.put("optimizer", m.setting().optimizer().name().toLowerCase(Locale.ROOT));
            o.put("backboneLrFactor", m.setting().backboneFactor());
            o.put("setting", setting(m));
            if (!Float.isNaN(m.alpha())) {
                o.put("alpha", m.alpha());
            }
            o.put("epochs", m.epochs());
            o.put("epochsTrained", m.epochsRun());
            Map<String, Object> search = new LinkedHashMap<>();
            m.search().forEach((label, v) -> {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("validation", finite(v.score()));
                e.put("epochs", v.epochs());
                search.put(label, e);
            });
            o.put("validationBySetting", search);
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
