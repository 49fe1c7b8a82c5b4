package org.levistream.app.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.levistream.experiment.protocol.SearchSpace;
import org.levistream.model.optim.OptimizerSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code levi experiment}'s search options: a named search, or a custom grid of rates, optimizers and factors. */
final class SearchOptions {
    @Option(names = "--search", paramLabel = "NAME",
            description = "paper (its learning-rate grid, the recipe's optimizer), full (SGD-momentum and Adam "
                    + "grids, FT/LP-FT backbone factor 1 and 0.1) or budget; default full, paper under the fixed "
                    + "rule, budget with --budget.")
    String search;

    @Option(names = "--grid", split = ",", paramLabel = "LR",
            description = "A custom search instead of --search: these learning rates (for every method, LP too) "
                    + "with --optimizers and --backbone-factors.")
    List<Float> grid;

    @Option(names = "--optimizers", split = ",", paramLabel = "KIND", defaultValue = "sgd,adam",
            description = "With --grid: sgd (momentum 0.9), adam or both (default: ${DEFAULT-VALUE}).")
    List<String> optimizers;

    @Option(names = "--backbone-factors", split = ",", paramLabel = "F", defaultValue = "1,0.1",
            description = "With --grid: FT's and LP-FT's backbone learning-rate factors (default: "
                    + "${DEFAULT-VALUE}).")
    List<Float> backboneFactors;

    /**
     * The search: --grid's custom one, the named one, or the rule's default (budget with --budget, paper under the
     * fixed rule, else full).
     *
     * @param spec   the command, for errors
     * @param fixed  whether runs train fixed epochs
     * @param budget whether --budget was given
     * @return the search
     */
    SearchSpace space(CommandSpec spec, boolean fixed, boolean budget) {
        if (grid != null) {
            return customSearch(spec, budget);
        }
        if (search == null) {
            return budget ? SearchSpace.BUDGET : fixed ? SearchSpace.PAPER : SearchSpace.FULL;
        }
        for (SearchSpace s : List.of(SearchSpace.PAPER, SearchSpace.FULL, SearchSpace.BUDGET)) {
            if (s.name().equals(search.trim().toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw new ParameterException(spec.commandLine(), "--search was " + search
                + " but must be paper, full or budget");
    }

    /** The search of --grid, --optimizers and --backbone-factors; results name it {@code custom}. */
    private SearchSpace customSearch(CommandSpec spec, boolean budget) {
        if (search != null || budget) {
            throw new ParameterException(spec.commandLine(), "--grid was " + grid
                    + " but a custom grid replaces --search and --budget; give one of them");
        }
        List<OptimizerSpec.Kind> kinds = new ArrayList<>();
        for (String o : optimizers) {
            try {
                kinds.add(OptimizerSpec.Kind.valueOf(o.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--optimizers had " + o
                        + " but each must be sgd or adam");
            }
        }
        for (float f : backboneFactors) {
            if (!(f >= 0 && f <= 1)) {
                throw new ParameterException(spec.commandLine(), "--backbone-factors had " + f
                        + " but each must be in [0, 1]");
            }
        }
        for (float lr : grid) {
            if (!(lr > 0 && Float.isFinite(lr))) {
                throw new ParameterException(spec.commandLine(), "--grid had " + lr
                        + " but each rate must be a positive finite number");
            }
        }
        Map<OptimizerSpec.Kind, List<Float>> rates = new LinkedHashMap<>();
        kinds.forEach(k -> rates.put(k, grid));
        return new SearchSpace("custom", kinds, rates, rates, backboneFactors);
    }

}
