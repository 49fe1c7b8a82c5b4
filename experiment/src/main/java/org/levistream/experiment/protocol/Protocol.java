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
import org.levistream.experiment.offline.Recipes;
import org.levistream.model.levi.Method;
import org.levistream.model.levi.TaskKind;
import org.levistream.model.tensor.NamedTensor;

/**
 * The paper's offline protocol, in two phases that never mix:
 * <ol>
 *   <li>selection: for every method and every setting of its search (optimizer, learning rate, backbone factor;
 *       {@link SearchSpace}), train one model per seed on the ID training set by the settings' budget rule (fixed
 *       epochs, or to convergence on ID validation: {@link ProtocolSettings}) and score it on the ID validation set;
 *       the setting with the best mean score over the seeds wins, and its models are kept. WiSE-FT then chooses its
 *       α the same way from LP's and FT's kept models. Only the training and validation sets are read.</li>
 *   <li>scoring: once every method's rate is chosen, the kept models (one per seed) are scored on the ID test set
 *       and every OOD set.</li>
 * </ol>
 * By default every setting is trained on every seed: averaging the validation score over the same seeds that are
 * reported keeps a rate that works for one seed only (e.g. SGD at 0.1 on the edge of divergence) from being chosen.
 * With {@code experiment.search.seeds} N, every setting is trained on the first N seeds only and the chosen setting
 * alone on the rest: a practitioner's cheaper search, for benchmarks where every setting times every seed takes too
 * long. A run whose loss turns non-finite counts as
 * diverged: its rate's score is NaN and it is never chosen (when every rate diverges, the first is kept and scored
 * NaN).
 */
public final class Protocol {
    private final String benchmark;
    private final OfflineSplits splits;
    private final ProtocolSettings settings;
    private final ProtocolListener listener;
    private final SeedTraining training;
    private FinishedRuns finished;

    /** The models of one setting, one per seed, with their validation scores and epochs. */
    private record Candidate(SearchPoint point, List<ModelRun> runs, List<Boolean> diverged, List<Integer> epochs,
                             List<Integer> epochsRun, List<Double> stepMillis, double score)
            implements AutoCloseable {
        @Override
        public void close() {
            runs.forEach(ModelRun::close);
        }

        /** This setting's runs followed by those of more seeds; the score stays this one's, the search's. */
        Candidate join(Candidate more) {
            return new Candidate(point, concat(runs, more.runs), concat(diverged, more.diverged),
                    concat(epochs, more.epochs), concat(epochsRun, more.epochsRun),
                    concat(stepMillis, more.stepMillis), score);
        }

        private static <T> List<T> concat(List<T> a, List<T> b) {
            List<T> all = new ArrayList<>(a);
            all.addAll(b);
            return all;
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
        this(benchmark, splits, RunBackbones.always(backbone), settings, device, listener, console);
    }

    /**
     * Prepares a protocol whose backbone depends on the method and setting (a text benchmark's frozen views, or its
     * top layers for FT).
     *
     * @param benchmark its name, for the results
     * @param splits    the sets; the test sets are read only in phase 2
     * @param backbones opens a backbone per run
     * @param settings  methods, seeds, epochs, batch size, overrides
     * @param device    where to train
     * @param listener  hears each run
     * @param console   per-run training progress, or {@code null}
     */
    public Protocol(String benchmark, OfflineSplits splits, RunBackbones backbones, ProtocolSettings settings,
                    Device device, ProtocolListener listener, PrintWriter console) {
        RunBackbones backbone = backbones;
        this.benchmark = benchmark;
        this.splits = splits;
        this.settings = settings;
        this.listener = listener;
        this.training = new SeedTraining(benchmark, splits, backbone, settings, device, console);
    }

    /**
     * Keeps every finished run in a folder and reuses the runs already there, so that an interrupted experiment
     * goes on from its last finished run with the same results as an uninterrupted one.
     *
     * @param runs the folder's store
     * @return this protocol
     */
    Protocol resumingFrom(FinishedRuns runs) {
        this.finished = runs;
        return this;
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
        Map<Method, Map<String, MethodResult.Searched>> searches = new LinkedHashMap<>();
        try {
            for (Method method : settings.methods()) {
                if (method.trainedByItself()) {
                    searches.put(method, search(method, task, metric, chosen));
                }
            }
            float alpha = Float.NaN;
            if (settings.methods().contains(Method.WISE_FT)) {
                Map<String, MethodResult.Searched> byAlpha = new LinkedHashMap<>();
                alpha = chooseAlpha(chosen.get(Method.LP), chosen.get(Method.FT), metric, byAlpha);
                searches.put(Method.WISE_FT, byAlpha);
            }
            Map<Method, String> settingsChosen = new LinkedHashMap<>();
            chosen.forEach((m, c) -> settingsChosen.put(m, c.point().label()));
            if (!Float.isNaN(alpha)) {
                settingsChosen.put(Method.WISE_FT, alphaLabel(alpha));
            }
            listener.selectionFinished(settingsChosen);
            List<MethodResult> results = new ArrayList<>();
            for (Method method : settings.methods()) {
                results.add(method == Method.WISE_FT
                        ? scoreWise(chosen.get(Method.LP), chosen.get(Method.FT), alpha, searches.get(method))
                        : score(method, chosen.get(method), searches.get(method)));
            }
            return new ExperimentResult(benchmark, task, setSizes(), settings, results,
                    (System.nanoTime() - started) / 1e9);
        } finally {
            chosen.values().forEach(Candidate::close);
        }
    }

    /** Tries every setting of a method, keeping the best candidate's models in {@code chosen}. */
    private Map<String, MethodResult.Searched> search(Method method, TaskKind task, String metric,
                                                     Map<Method, Candidate> chosen) throws IOException {
        Map<String, MethodResult.Searched> search = new LinkedHashMap<>();
        for (SearchPoint point : settings.search().points(method, Recipes.optimizerKind(task))) {
            Candidate c = candidate(method, point, settings.seedsSearched());
            search.put(point.label(), new MethodResult.Searched(c.score(), c.epochs()));
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
        List<Long> rest = settings.seeds().subList(settings.seedsSearched().size(), settings.seeds().size());
        if (!rest.isEmpty()) {
            Candidate searched = chosen.get(method);
            chosen.put(method, searched.join(candidate(method, searched.point(), rest)));
        }
        return search;
    }

    /** Trains one model per seed with a setting and scores each on validation; the caller closes the candidate. */
    private Candidate candidate(Method method, SearchPoint point, List<Long> seeds) throws IOException {
        long t0 = System.nanoTime();
        List<ModelRun> runs = new ArrayList<>();
        List<Boolean> diverged = new ArrayList<>();
        List<Integer> epochs = new ArrayList<>();
        List<Integer> epochsRun = new ArrayList<>();
        List<Double> stepMillis = new ArrayList<>();
        double sum = 0;
        try {
            for (long seed : seeds) {
                SeedTraining.Fitted f = fitOrRestore(method, point, seed);
                runs.add(f.run());
                diverged.add(f.diverged());
                epochs.add(f.epochs());
                epochsRun.add(f.epochsRun());
                stepMillis.add(f.stepMillis());
                sum += f.score();
            }
        } catch (IOException | RuntimeException e) {
            runs.forEach(ModelRun::close);
            throw e;
        }
        double score = sum / seeds.size();
        listener.searched(method, point.label(), score, epochs, (System.nanoTime() - t0) / 1e9);
        return new Candidate(point, runs, diverged, epochs, epochsRun, stepMillis, score);
    }

    /** Trains one seed's model, or reads it back when an earlier invocation finished it. */
    private SeedTraining.Fitted fitOrRestore(Method method, SearchPoint point, long seed) throws IOException {
        if (finished == null) {
            return training.fit(method, point, seed);
        }
        FinishedRuns.Restored saved = finished.find(method, point, seed);
        if (saved != null) {
            return training.restore(method, point, seed, saved);
        }
        SeedTraining.Fitted fitted = training.fit(method, point, seed);
        try {
            finished.save(method, point, seed, fitted);
        } catch (IOException e) {
            fitted.run().close();
            throw e;
        }
        return fitted;
    }

    /**
     * Chooses WiSE-FT's α on ID validation: for every α, the mean over the seeds of the mix of LP's and FT's
     * chosen models of the same seed. Ties go to the smaller α.
     */
    private float chooseAlpha(Candidate lp, Candidate ft, String metric, Map<String, MethodResult.Searched> out) {
        long t0 = System.nanoTime();
        float best = ProtocolSettings.WISE_ALPHAS.get(0);
        double bestScore = Double.NaN;
        List<List<NamedTensor>> theta0 = new ArrayList<>();
        lp.runs().forEach(run -> theta0.add(WiseFt.theta0(run)));
        for (float alpha : ProtocolSettings.WISE_ALPHAS) {
            double sum = 0;
            for (int k = 0; k < ft.runs().size(); k++) {
                sum += lp.diverged().get(k) || ft.diverged().get(k) ? Double.NaN
                        : WiseFt.score(ft.runs().get(k), theta0.get(k), alpha, splits.validation()).get(metric);
            }
            double score = sum / ft.runs().size();
            out.put(alphaLabel(alpha), new MethodResult.Searched(score, List.of()));
            listener.searched(Method.WISE_FT, alphaLabel(alpha), score, List.of(), (System.nanoTime() - t0) / 1e9);
            if (better(score, bestScore, metric)) {
                best = alpha;
                bestScore = score;
            }
        }
        return best;
    }

    private MethodResult scoreWise(Candidate lp, Candidate ft, float alpha, Map<String, MethodResult.Searched> search) {
        MethodResult.Builder builder = new MethodResult.Builder();
        for (int k = 0; k < ft.runs().size(); k++) {
            long t0 = System.nanoTime();
            ModelRun run = ft.runs().get(k);
            boolean diverged = lp.diverged().get(k) || ft.diverged().get(k);
            List<NamedTensor> theta0 = WiseFt.theta0(lp.runs().get(k));
            Map<String, Metrics> scores = new LinkedHashMap<>();
            scores.put(splits.idTest().name(), nanIf(WiseFt.score(run, theta0, alpha, splits.idTest()), diverged));
            for (Map.Entry<String, ExampleSet> ood : splits.ood().entrySet()) {
                scores.put(ood.getKey(), nanIf(WiseFt.score(run, theta0, alpha, ood.getValue()), diverged));
            }
            scores.forEach((set, m) -> m.values().forEach((metric, v) -> builder.add(set, metric, v)));
            listener.finalRun(Method.WISE_FT, settings.seeds().get(k), scores, (System.nanoTime() - t0) / 1e9);
        }
        return builder.build(Method.WISE_FT, ft.point(), search, ft.runs().get(0).trainableParameters(), alpha);
    }

    static String alphaLabel(float alpha) {
        return String.format(Locale.ROOT, "α=%.1f", alpha);
    }

    private MethodResult score(Method method, Candidate c, Map<String, MethodResult.Searched> search) {
        MethodResult.Builder builder = new MethodResult.Builder();
        long parameters = 0;
        for (int k = 0; k < c.runs().size(); k++) {
            long t0 = System.nanoTime();
            ModelRun run = c.runs().get(k);
            parameters = run.trainableParameters();
            builder.stepMillis(c.stepMillis().get(k));
            builder.epochs(c.epochs().get(k), c.epochsRun().get(k));
            Map<String, Metrics> scores = new LinkedHashMap<>();
            scores.put(splits.idTest().name(), score(run, splits.idTest(), c.diverged().get(k)));
            for (Map.Entry<String, ExampleSet> ood : splits.ood().entrySet()) {
                scores.put(ood.getKey(), score(run, ood.getValue(), c.diverged().get(k)));
            }
            scores.forEach((set, m) -> m.values().forEach((metric, v) -> builder.add(set, metric, v)));
            listener.finalRun(method, settings.seeds().get(k), scores, (System.nanoTime() - t0) / 1e9);
        }
        return builder.build(method, c.point(), search, parameters, Float.NaN);
    }

    private static Metrics score(ModelRun run, ExampleSet set, boolean diverged) {
        return nanIf(run.evaluate(set), diverged);
    }

    private static Metrics nanIf(Metrics m, boolean diverged) {
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
