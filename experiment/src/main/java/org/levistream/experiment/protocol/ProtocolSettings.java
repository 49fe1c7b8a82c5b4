package org.levistream.experiment.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.levistream.common.config.InvalidConfigException;
import org.levistream.model.levi.Method;
import org.levistream.model.optim.OptimizerSpec;

/**
 * How the protocol runs.
 *
 * <p>Two budget rules, the same for every method. Fixed ({@code patience} 0, the paper's and {@code levi bench
 * parity}'s): every run trains exactly {@code epochs} epochs and its last state is scored. Convergence ({@code
 * patience} at least 1): after every epoch the run is scored on ID validation; it stops when {@code patience}
 * epochs in a row did not beat its best score, or after {@code epochs} epochs ({@code experiment.max.epochs}), and
 * the best ID-validation state is the one kept and scored. LP-FT then runs its two phases each to convergence.
 *
 * @param methods       the methods compared, in table order
 * @param seeds         one model per seed and setting; settings are chosen by the mean validation score over them
 * @param epochs        passes per run (fixed rule), or their maximum ({@code experiment.max.epochs})
 * @param batchSize     examples per step (200 for MovieLens, 512 for images in the paper)
 * @param overrides     {@code model.*} settings applied to every method
 * @param cacheEntries  tap-cache bound for frozen-backbone methods; 0 disables the cache
 * @param zeroIdTables  whether the small model's id tables start at zero instead of random values
 * @param patience      epochs without a better ID-validation score before a run stops; 0 for the fixed rule
 * @param search        the settings searched per method
 * @param searchSeeds   how many of the seeds (the first ones) every setting is trained on for the choice; the chosen
 *                      setting alone is then trained on the others. 0: all seeds, for every setting
 * @param fineTuneEpochs under the convergence rule, a lower epoch maximum for the phases that train the backbone
 *                       (FT, LP-FT's second), where a slow machine cannot afford {@code epochs}; 0 for
 *                       {@code epochs}
 */
public record ProtocolSettings(List<Method> methods, List<Long> seeds, int epochs, int batchSize,
                               Map<String, String> overrides, int cacheEntries,
                               boolean zeroIdTables, int patience, SearchSpace search, int searchSeeds,
                               int fineTuneEpochs) {
    /** The key of the number of seeds the search runs on. */
    public static final String SEARCH_SEEDS = "experiment.search.seeds";
    /** The key of the fine-tuning phases' epoch maximum. */
    public static final String FINE_TUNE_MAX_EPOCHS = "experiment.fine.tune.max.epochs";
    /** The key of the epoch maximum under the convergence rule. */
    public static final String MAX_EPOCHS = "experiment.max.epochs";
    /** The key of the patience. */
    public static final String PATIENCE = "experiment.patience";
    /** WiSE-FT's mixing coefficients, chosen among on ID validation. */
    public static final List<Float> WISE_ALPHAS = List.of(0f, 0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f, 0.9f,
            1f);
    /** The paper's learning-rate grid. */
    public static final List<Float> GRID = List.of(1e-4f, 1e-3f, 1e-2f, 1e-1f);
    /** The paper's grid for linear probing. */
    public static final List<Float> LP_GRID = List.of(1e-3f, 1e-2f, 1e-1f, 1f, 10f);

    /**
     * The paper's protocol: fixed epochs, its grid, the recipe's optimizer.
     *
     * @param methods      the methods
     * @param seeds        the seeds
     * @param epochs       passes per run
     * @param batchSize    examples per step
     * @param overrides    {@code model.*} settings
     * @param cacheEntries tap-cache bound
     * @param zeroIdTables whether id tables start at zero
     */
    public ProtocolSettings(List<Method> methods, List<Long> seeds, int epochs, int batchSize,
                            Map<String, String> overrides, int cacheEntries, boolean zeroIdTables) {
        this(methods, seeds, epochs, batchSize, overrides, cacheEntries, zeroIdTables, 0, SearchSpace.PAPER, 0, 0);
    }

    /**
     * Every setting trained on every seed, every phase with the same epoch maximum.
     *
     * @param methods      the methods
     * @param seeds        the seeds
     * @param epochs       passes per run, or the most under the convergence rule
     * @param batchSize    examples per step
     * @param overrides    {@code model.*} settings
     * @param cacheEntries tap-cache bound
     * @param zeroIdTables whether id tables start at zero
     * @param patience     0 for the fixed rule
     * @param search       the settings searched per method
     */
    public ProtocolSettings(List<Method> methods, List<Long> seeds, int epochs, int batchSize,
                            Map<String, String> overrides, int cacheEntries, boolean zeroIdTables, int patience,
                            SearchSpace search) {
        this(methods, seeds, epochs, batchSize, overrides, cacheEntries, zeroIdTables, patience, search, 0, 0);
    }

    /**
     * The epoch maximum of a phase.
     *
     * @param trainsBackbone whether the phase trains the backbone
     * @return {@link #fineTuneEpochs} for such a phase when set, else {@link #epochs}
     */
    public int maxEpochs(boolean trainsBackbone) {
        return trainsBackbone && fineTuneEpochs > 0 ? Math.min(epochs, fineTuneEpochs) : epochs;
    }

    /** Validates every field, reporting all problems at once. */
    public ProtocolSettings {
        Objects.requireNonNull(search, "search");
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
            problems.add((patience > 0 ? MAX_EPOCHS : "experiment.epochs") + " was " + epochs
                    + " but must be at least 1");
        }
        if (patience < 0) {
            problems.add(PATIENCE + " was " + patience + " but must be >= 0 (0: train every run for the fixed "
                    + "epochs)");
        }
        if (methods.contains(Method.WISE_FT) && !(methods.contains(Method.LP) && methods.contains(Method.FT))) {
            problems.add("experiment.methods was " + methods.stream().map(Method::settingName).toList()
                    + " but wise-ft needs lp and ft too: it mixes their chosen models");
        }
        if (!search.optimizers().isEmpty() && overrides.containsKey("model.optimizer.kind")) {
            problems.add("experiment overrides set model.optimizer.kind but the " + search.name()
                    + " search chooses the optimizer per run");
        }
        if (!search.backboneFactors().equals(List.of(1f))
                && overrides.containsKey(OptimizerSpec.BACKBONE_LR_FACTOR)) {
            problems.add("experiment overrides set " + OptimizerSpec.BACKBONE_LR_FACTOR + " but the "
                    + search.name() + " search chooses it per run");
        }
        if (searchSeeds < 0 || searchSeeds > seeds.size()) {
            problems.add(SEARCH_SEEDS + " was " + searchSeeds + " but must be between 0 (all seeds) and the "
                    + seeds.size() + " seeds given");
        }
        if (fineTuneEpochs < 0 || fineTuneEpochs > 0 && patience == 0) {
            problems.add(FINE_TUNE_MAX_EPOCHS + " was " + fineTuneEpochs + " but must be 0, or at least 1 under the "
                    + "convergence rule (patience >= 1)");
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

    /** The paper's grid for a method. */
    public static List<Float> grid(Method method) {
        return method == Method.LP ? LP_GRID : GRID;
    }

    /**
     * The seeds every setting of the search is trained on.
     *
     * @return the first {@code searchSeeds} seeds, or all of them
     */
    public List<Long> seedsSearched() {
        return searchSeeds == 0 ? seeds : seeds.subList(0, searchSeeds);
    }

    /**
     * Tells whether runs stop on ID validation (the convergence rule) rather than after fixed epochs.
     *
     * @return whether {@code patience} is at least 1
     */
    public boolean converges() {
        return patience > 0;
    }
}
