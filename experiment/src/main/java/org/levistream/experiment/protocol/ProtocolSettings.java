package org.levistream.experiment.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.levistream.common.config.InvalidConfigException;
import org.levistream.model.levi.Method;

/**
 * How the protocol runs.
 *
 * @param methods       the methods compared, in table order
 * @param seeds         one model per seed and rate; rates are chosen by the mean validation score over them
 * @param epochs        passes over the training set per run
 * @param batchSize     examples per step (200 for MovieLens, 512 for images in the paper)
 * @param overrides     {@code model.*} settings applied to every method
 * @param cacheEntries  tap-cache bound for frozen-backbone methods; 0 disables the cache
 * @param zeroIdTables  whether the small model's id tables start at zero instead of random values
 */
public record ProtocolSettings(List<Method> methods, List<Long> seeds, int epochs, int batchSize,
                               Map<String, String> overrides, int cacheEntries,
                               boolean zeroIdTables) {
    /** The paper's learning-rate grid. */
    public static final List<Float> GRID = List.of(1e-4f, 1e-3f, 1e-2f, 1e-1f);
    /** The paper's grid for linear probing. */
    public static final List<Float> LP_GRID = List.of(1e-3f, 1e-2f, 1e-1f, 1f, 10f);

    /** Validates every field, reporting all problems at once. */
    public ProtocolSettings {
        methods = List.copyOf(methods);
        seeds = List.copyOf(seeds);
        overrides = Map.copyOf(overrides);
        List<String> problems = new ArrayList<>();
        if (methods.isEmpty()) {
            problems.add("experiment.methods was empty but must name at least one method");
        }
        if (seeds.isEmpty()) {
            problems.add("experiment.seeds was " + seeds + " but must hold at least one seed");
        }
        if (epochs < 1) {
            problems.add("experiment.epochs was " + epochs + " but must be at least 1");
        }
        if (batchSize < 1) {
            problems.add("experiment.batch.size was " + batchSize + " but must be at least 1");
        }
        if (overrides.containsKey("model.optimizer.learning.rate") || overrides.containsKey("model.seed")
                || overrides.containsKey("model.method")) {
            problems.add("experiment overrides were " + overrides.keySet() + " but may not set the learning rate, "
                    + "seed or method, which the protocol sets per run");
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
    }

    /** The grid searched for a method. */
    public static List<Float> grid(Method method) {
        return method == Method.LP ? LP_GRID : GRID;
    }
}
