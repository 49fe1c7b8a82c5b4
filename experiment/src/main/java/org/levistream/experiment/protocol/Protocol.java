package org.levistream.experiment.protocol;

import ai.djl.Device;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.levistream.model.backbone.BackboneSource;
import org.levistream.experiment.offline.ExampleSet;
import org.levistream.model.metrics.Metrics;
import org.levistream.experiment.offline.ModelRun;
import org.levistream.experiment.offline.OfflineSplits;
import org.levistream.experiment.offline.Progress;
import org.levistream.experiment.offline.Recipes;
import org.levistream.model.levi.Method;
import org.levistream.model.levi.ModelSpec;
import org.levistream.model.levi.TaskKind;

/**
 * The paper's offline protocol, in two phases that never mix:
 * <ol>
 *   <li>selection: for every method and every rate of its grid, train one model per seed on the ID training set and
 *       score it on the ID validation set; the rate with the best mean score over the seeds wins, and its models are
 *       kept. Only the training and validation sets are read.</li>
 *   <li>scoring: once every method's rate is chosen, the kept models (one per seed) are scored on the ID test set
 *       and every OOD set.</li>
 * </ol>
 * Averaging the validation score over the same seeds that are reported keeps a rate that works for one seed only
 * (e.g. SGD at 0.1 on the edge of divergence) from being chosen. A run whose loss turns non-finite counts as
 * diverged: its rate's score is NaN and it is never chosen (when every rate diverges, the first is kept and scored
 * NaN).
 */
public final class Protocol {
    private final String benchmark;
    private final OfflineSplits splits;
    private final BackboneSource backbone;
    private final ProtocolSettings settings;
    private final Device device;
    private final ProtocolListener listener;
    private final PrintWriter console;

    /** The models of one rate, one per seed, with their validation scores. */
    private record Candidate(float rate, List<ModelRun> runs, List<Boolean> diverged, double score)
            implements AutoCloseable {
        @Override
        public void close() {
            runs.forEach(ModelRun::close);
        }
    }

    /**
     * Prepares a protocol.
     *
     * @param benchmark its name, for the results
     * @param splits    the sets; the test sets are read only in phase 2
     * @param backbone  opens a fresh pre-trained backbone per run
     * @param settings  methods, seeds, epochs, batch size, overrides
     * @param device    where to train
     * @param listener  hears each run
     * @param console   per-run training progress, or {@code null}
     */
    public Protocol(String benchmark, OfflineSplits splits, BackboneSource backbone, ProtocolSettings settings,
                    Device device, ProtocolListener listener, PrintWriter console) {
        this.benchmark = benchmark;
        this.splits = splits;
        this.backbone = backbone;
        this.settings = settings;
        this.device = device;
        this.listener = listener;
        this.console = console;
    }

    /**
     * Runs both phases.
     *
     * @return the results
     * @throws IOException if a backbone cannot be opened
     */
    public ExperimentResult run() throws IOException {
        long started = System.nanoTime();
        TaskKind task = splits.train().task();
        String metric = Metrics.selectionMetric(task);
        Map<Method, Candidate> chosen = new LinkedHashMap<>();
        Map<Method, Map<Float, Double>> searches = new LinkedHashMap<>();
        try {
            for (Method method : settings.methods()) {
                Map<Float, Double> search = new LinkedHashMap<>();
                for (float lr : ProtocolSettings.grid(method)) {
                    Candidate c = candidate(method, lr);
                    search.put(lr, c.score());
                    Candidate best = chosen.get(method);
                    if (best == null || better(c.score(), best.score(), metric)) {
                        chosen.put(method, c);
                        if (best != null) {
                            best.close();
                        }
                    } else {
                        c.close();
                    }
                }
                searches.put(method, search);
            }
            Map<Method, Float> rates = new LinkedHashMap<>();
            chosen.forEach((m, c) -> rates.put(m, c.rate()));
            listener.selectionFinished(rates);
            List<MethodResult> results = new ArrayList<>();
            for (Method method : settings.methods()) {
                results.add(score(method, chosen.get(method), searches.get(method)));
            }
            return new ExperimentResult(benchmark, task, setSizes(), settings, results,
                    (System.nanoTime() - started) / 1e9);
        } finally {
            chosen.values().forEach(Candidate::close);
        }
    }

    /** Trains one model per seed at a rate and scores each on validation; the caller closes the candidate. */
    private Candidate candidate(Method method, float lr) throws IOException {
        long t0 = System.nanoTime();
        List<ModelRun> runs = new ArrayList<>();
        List<Boolean> diverged = new ArrayList<>();
        double sum = 0;
        try {
            for (long seed : settings.seeds()) {
                ModelRun run = ModelRun.create(spec(method, lr, seed), backbone, device, settings.cacheEntries(),
                        settings.zeroIdTables());
                runs.add(run);
                try {
                    run.train(splits.train(), settings.epochs(), settings.batchSize(), seed, progress(method, lr, seed));
                    diverged.add(false);
                    sum += run.evaluate(splits.validation()).get(Metrics.selectionMetric(splits.train().task()));
                } catch (IllegalStateException e) {
                    diverged.add(true);
                    sum = Double.NaN;
                }
            }
        } catch (IOException | RuntimeException e) {
            runs.forEach(ModelRun::close);
            throw e;
        }
        double score = sum / settings.seeds().size();
        listener.searched(method, lr, score, (System.nanoTime() - t0) / 1e9);
        return new Candidate(lr, runs, diverged, score);
    }

    private MethodResult score(Method method, Candidate c, Map<Float, Double> search) {
        MethodResult.Builder builder = new MethodResult.Builder();
        long parameters = 0;
        for (int k = 0; k < c.runs().size(); k++) {
            long t0 = System.nanoTime();
            ModelRun run = c.runs().get(k);
            parameters = run.trainableParameters();
            builder.stepMillis(run.meanStepMillis());
            Map<String, Metrics> scores = new LinkedHashMap<>();
            scores.put(splits.idTest().name(), score(run, splits.idTest(), c.diverged().get(k)));
            for (Map.Entry<String, ExampleSet> ood : splits.ood().entrySet()) {
                scores.put(ood.getKey(), score(run, ood.getValue(), c.diverged().get(k)));
            }
            scores.forEach((set, m) -> m.values().forEach((metric, v) -> builder.add(set, metric, v)));
            listener.finalRun(method, settings.seeds().get(k), scores, (System.nanoTime() - t0) / 1e9);
        }
        return builder.build(method, c.rate(), search, parameters);
    }

    private static Metrics score(ModelRun run, ExampleSet set, boolean diverged) {
        Metrics m = run.evaluate(set);
        if (!diverged) {
            return m;
        }
        Map<String, Double> nan = new LinkedHashMap<>();
        m.values().keySet().forEach(k -> nan.put(k, Double.NaN));
        return new Metrics(m.task(), nan, m.count());
    }

    private Map<String, Integer> setSizes() {
        Map<String, Integer> sets = new LinkedHashMap<>();
        sets.put("train", splits.train().size());
        sets.put("validation", splits.validation().size());
        sets.put(splits.idTest().name(), splits.idTest().size());
        splits.ood().forEach((name, set) -> sets.put(name, set.size()));
        return sets;
    }

    private ModelSpec spec(Method method, float lr, long seed) {
        long stepsPerEpoch = (splits.train().size() + settings.batchSize() - 1) / settings.batchSize();
        // LP-FT: linear probing for the first half of training, full fine-tuning for the second.
        long unfreeze = stepsPerEpoch * settings.epochs() / 2;
        return Recipes.spec(splits.train(), method, lr, seed, unfreeze, settings.overrides());
    }

    private Progress progress(Method method, float lr, long seed) {
        long steps = (splits.train().size() + settings.batchSize() - 1) / settings.batchSize() * settings.epochs();
        return console == null ? null : new Progress(console, String.format(Locale.ROOT,
                "%s %s lr=%s seed=%d", benchmark, method.settingName(), lr, seed), steps, settings.batchSize(), 30_000);
    }

    /** Whether a finite score beats the best so far (a NaN best is beaten by any finite score). */
    private static boolean better(double score, double best, String metric) {
        if (Double.isNaN(score)) {
            return false;
        }
        return Double.isNaN(best) || (Metrics.lowerIsBetter(metric) ? score < best : score > best);
    }

    /** The rate with the best finite score; the first rate when every run diverged. */
    static float best(Map<Float, Double> search, String metric) {
        float bestRate = search.keySet().iterator().next();
        double bestScore = Double.NaN;
        for (Map.Entry<Float, Double> e : search.entrySet()) {
            if (better(e.getValue(), bestScore, metric)) {
                bestRate = e.getKey();
                bestScore = e.getValue();
            }
        }
        return bestRate;
    }
}
