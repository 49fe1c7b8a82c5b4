package org.levistream.experiment.protocol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.levistream.model.levi.Method;

/**
 * One method's final runs: its chosen setting, size, speed, epochs and every seed's scores.
 *
 * @param method              the method
 * @param setting             the setting chosen on ID validation (for WiSE-FT: FT's)
 * @param search              the search: setting label (or {@code α=0.3} for WiSE-FT) to its validation score
 *                            (NaN: diverged) and epochs per seed
 * @param trainableParameters parameters the method trains
 * @param stepMillis          mean training-step time of each seed's run
 * @param epochs              per seed, the epochs that made the kept model (its best ID-validation epoch under
 *                            the convergence rule, the fixed epochs otherwise; -1: diverged); empty for WiSE-FT
 * @param epochsRun           per seed, the epochs trained before stopping; empty for WiSE-FT
 * @param alpha               WiSE-FT's mixing coefficient chosen on ID validation; NaN for other methods
 * @param scores              set name to metric name to one value per seed, in seed order
 */
public record MethodResult(Method method, SearchPoint setting, Map<String, Searched> search,
                           long trainableParameters, List<Double> stepMillis, List<Integer> epochs,
                           List<Integer> epochsRun, float alpha, Map<String, Map<String, List<Double>>> scores) {
    /**
     * One searched setting.
     *
     * @param score  the mean validation score over the seeds (NaN: a seed diverged)
     * @param epochs the kept epoch per seed
     */
    public record Searched(double score, List<Integer> epochs) {
        /** Copies the list. */
        public Searched {
            epochs = List.copyOf(epochs);
        }
    }

    /** Copies the collections, keeping their order. */
    public MethodResult {
        search = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(search));
        stepMillis = List.copyOf(stepMillis);
        epochs = List.copyOf(epochs);
        epochsRun = List.copyOf(epochsRun);
        Map<String, Map<String, List<Double>>> copy = new LinkedHashMap<>();
        scores.forEach((set, metrics) -> {
            Map<String, List<Double>> m = new LinkedHashMap<>();
            metrics.forEach((name, values) -> m.put(name, List.copyOf(values)));
            copy.put(set, java.util.Collections.unmodifiableMap(m));
        });
        scores = java.util.Collections.unmodifiableMap(copy);
    }

    /**
     * The chosen learning rate.
     *
     * @return the setting's rate
     */
    public float learningRate() {
        return setting.learningRate();
    }

    /** Mean of the values; NaN for none. */
    public static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    /** Sample standard deviation (n - 1); 0 for one value. */
    public static double std(List<Double> values) {
        if (values.size() < 2) {
            return 0;
        }
        double m = mean(values);
        double sq = 0;
        for (double v : values) {
            sq += (v - m) * (v - m);
        }
        return Math.sqrt(sq / (values.size() - 1));
    }

    /** Collects per-seed scores while runs finish. */
    static final class Builder {
        private final Map<String, Map<String, List<Double>>> scores = new LinkedHashMap<>();
        private final List<Double> stepMillis = new ArrayList<>();
        private final List<Integer> epochs = new ArrayList<>();
        private final List<Integer> epochsRun = new ArrayList<>();

        void add(String set, String metric, double value) {
            scores.computeIfAbsent(set, s -> new LinkedHashMap<>()).computeIfAbsent(metric, m -> new ArrayList<>())
                    .add(value);
        }

        void stepMillis(double ms) {
            stepMillis.add(ms);
        }

        void epochs(int kept, int run) {
            epochs.add(kept);
            epochsRun.add(run);
        }

        MethodResult build(Method method, SearchPoint setting, Map<String, Searched> search, long parameters,
                           float alpha) {
            return new MethodResult(method, setting, search, parameters, stepMillis, epochs, epochsRun, alpha,
                    scores);
        }
    }
}
