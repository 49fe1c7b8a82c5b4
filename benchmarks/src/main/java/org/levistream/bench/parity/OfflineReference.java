package org.levistream.bench.parity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.levistream.model.levi.Method;

/**
 * What the offline protocol chose and measured for a benchmark, as {@code levi experiment} wrote it to
 * {@code docs/results/<benchmark>.json}: epochs, batch size, seeds, each method's learning rate (chosen on ID
 * validation), and each method's scores per set and metric over the seeds (mean, standard deviation, one value per
 * seed).
 *
 * @param epochs        passes over the training set per run
 * @param batchSize     examples per step
 * @param seeds         the seeds the protocol ran
 * @param learningRates each method's chosen rate
 * @param scores        per method, set and metric, the seeds' statistics; empty when not measured
 * @param setSizes      the sets' sizes the protocol ran on, by name ({@code train}, {@code id-test}, ...)
 */
public record OfflineReference(int epochs, int batchSize, List<Long> seeds, Map<Method, Float> learningRates,
                               Map<String, Stat> scores, Map<String, Integer> setSizes) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One metric's values over the seeds.
     *
     * @param mean the mean
     * @param std  the sample standard deviation
     * @param runs the value of each seed, in the seeds' order
     */
    public record Stat(double mean, double std, List<Double> runs) {
        /** Copies the runs. */
        public Stat {
            runs = List.copyOf(runs);
        }
    }

    /** Copies the collections. */
    public OfflineReference {
        seeds = List.copyOf(seeds);
        learningRates = Map.copyOf(learningRates);
        scores = Map.copyOf(scores);
        setSizes = Map.copyOf(setSizes);
    }

    /**
     * Settings without measured scores, for data the protocol has not run on (generated data, tests).
     *
     * @param epochs        passes
     * @param batchSize     examples per step
     * @param learningRates each method's rate
     * @return the reference
     */
    public static OfflineReference settings(int epochs, int batchSize, Map<Method, Float> learningRates) {
        return new OfflineReference(epochs, batchSize, List.of(), learningRates, Map.of(), Map.of());
    }

    /**
     * Reads {@code levi experiment}'s JSON results.
     *
     * @param json the file
     * @return the reference
     * @throws IOException if it cannot be read or lacks the protocol's settings
     */
    public static OfflineReference read(Path json) throws IOException {
        JsonNode root = JSON.readTree(json.toFile());
        JsonNode settings = root.path("settings");
        if (!settings.has("epochs") || !settings.has("batchSize") || !root.path("methods").isArray()) {
            throw new IOException(json + " holds no levi experiment results (settings.epochs, settings.batchSize, "
                    + "methods)");
        }
        if (settings.path("rule").asText("fixed").equals("convergence")) {
            // Parity replays fixed epochs with the recipe's optimizer; a convergence run keeps each seed's best
            // epoch and searches optimizers, so its scores are no reference for that replay.
            throw new IOException(json + " was made under the convergence rule (settings.rule); parity replays the "
                    + "fixed rule: give it results of 'levi experiment --epochs N' (each method's kept epochs are in "
                    + "methods[].epochs)");
        }
        List<Long> seeds = new ArrayList<>();
        settings.path("seeds").forEach(s -> seeds.add(s.asLong()));
        Map<Method, Float> rates = new LinkedHashMap<>();
        Map<String, Stat> scores = new LinkedHashMap<>();
        for (JsonNode m : root.path("methods")) {
            Method method = method(m.path("method").asText());
            rates.put(method, (float) m.path("learningRate").asDouble());
            m.path("scores").fields().forEachRemaining(set -> set.getValue().fields().forEachRemaining(metric -> {
                List<Double> runs = new ArrayList<>();
                metric.getValue().path("runs").forEach(r -> runs.add(r.asDouble()));
                scores.put(key(method, set.getKey(), metric.getKey()), new Stat(metric.getValue().path("mean")
                        .asDouble(), metric.getValue().path("std").asDouble(), runs));
            }));
        }
        Map<String, Integer> sizes = new LinkedHashMap<>();
        root.path("sets").fields().forEachRemaining(e -> sizes.put(e.getKey(), e.getValue().asInt()));
        return new OfflineReference(settings.get("epochs").asInt(), settings.get("batchSize").asInt(), seeds, rates,
                scores, sizes);
    }

    /**
     * Returns a method's chosen learning rate.
     *
     * @param method the method
     * @return the rate
     * @throws IllegalArgumentException if the protocol did not run the method
     */
    public float learningRate(Method method) {
        Float rate = learningRates.get(method);
        if (rate == null) {
            throw new IllegalArgumentException("the offline results have no learning rate for "
                    + method.settingName() + "; they hold " + learningRates.keySet());
        }
        return rate;
    }

    /**
     * Returns the seeds' statistics of one score.
     *
     * @param method the method
     * @param set    e.g. {@code id-test}
     * @param metric e.g. {@code accuracy}
     * @return the statistics, or empty when not measured
     */
    public Optional<Stat> stat(Method method, String set, String metric) {
        return Optional.ofNullable(scores.get(key(method, set, metric)));
    }

    /**
     * Returns one seed's score as the protocol measured it.
     *
     * @param method the method
     * @param set    the set
     * @param metric the metric
     * @param seed   the seed
     * @return the value, or empty when the seed was not run
     */
    public Optional<Double> run(Method method, String set, String metric, long seed) {
        int i = seeds.indexOf(seed);
        return stat(method, set, metric).filter(s -> i >= 0 && i < s.runs().size()).map(s -> s.runs().get(i));
    }

    private static String key(Method method, String set, String metric) {
        return method.settingName() + "|" + set + "|" + metric;
    }

    private static Method method(String name) {
        for (Method m : Method.values()) {
            if (m.settingName().equals(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown method " + name);
    }
}
