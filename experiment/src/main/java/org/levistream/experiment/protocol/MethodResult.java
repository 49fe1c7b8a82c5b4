package org.levistream.experiment.protocol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.levistream.model.levi.Method;

/**
 * One method's final runs: its chosen learning rate, size, speed and every seed's scores.
 *
 * @param method              the method
 * @param learningRate        the rate chosen on ID validation
 * @param validationByRate    the search: learning rate to validation score (NaN: diverged)
 * @param trainableParameters parameters the method trains
 * @param stepMillis          mean training-step time of each seed's run
 * @param scores              set name to metric name to one value per seed, in seed order
 */
public record MethodResult(Method method, float learningRate, Map<Float, Double> validationByRate,
                           long trainableParameters, List<Double> stepMillis,
                           Map<String, Map<String, List<Double>>> scores) {
    /** Copies the collections, keeping their order. */
    public MethodResult {
        validationByRate = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(validationByRate));
        stepMillis = List.copyOf(stepMillis);
        Map<String, Map<String, List<Double>>> copy = new LinkedHashMap<>();
        scores.forEach((set, metrics) -> {
            Map<String, List<Double>> m = new LinkedHashMap<>();
            metrics.forEach((name, values) -> m.put(name, List.copyOf(values)));
            copy.put(set, java.util.Collections.unmodifiableMap(m));
        });
        scores = java.util.Collections.unmodifiableMap(copy);
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

        void add(String set, String metric, double value) {
            scores.computeIfAbsent(set, s -> new LinkedHashMap<>()).computeIfAbsent(metric, m -> new ArrayList<>())
                    .add(value);
        }

        void stepMillis(double ms) {
            stepMillis.add(ms);
        }

        MethodResult build(Method method, float lr, Map<Float, Double> search, long parameters) {
            return new MethodResult(method, lr, search, parameters, stepMillis, scores);
        }
    }
}
