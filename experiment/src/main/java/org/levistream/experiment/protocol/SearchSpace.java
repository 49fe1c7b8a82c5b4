package org.levistream.experiment.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.levistream.model.levi.Method;
import org.levistream.model.optim.OptimizerSpec.Kind;

/**
 * What the protocol searches per method, on ID validation only: optimizers, a learning-rate grid per optimizer (one
 * for linear probing, whose head alone trains and wants larger rates) and, for the methods that fine-tune the
 * backbone, the backbone's learning-rate factor.
 *
 * @param name            {@code paper}, {@code full} or {@code budget}: shown with the results
 * @param optimizers      the optimizers tried; empty for the recipe's own (SGD for images, Adam for ratings)
 * @param grid            learning rates per optimizer
 * @param lpGrid          learning rates per optimizer for {@link Method#LP}
 * @param backboneFactors backbone learning-rate factors for {@link Method#FT} and {@link Method#LP_FT}
 * @param fineTune        for {@link Method#FT} and {@link Method#LP_FT}: the settings tried instead of the grid and
 *                        factors, e.g. top-layer counts for a text backbone fine-tuned only at the top on two CPU
 *                        cores; empty for the grid's
 */
public record SearchSpace(String name, List<Kind> optimizers, Map<Kind, List<Float>> grid,
                          Map<Kind, List<Float>> lpGrid, List<Float> backboneFactors, List<SearchPoint> fineTune) {
    /** The paper's search: its grid with the recipe's optimizer, one rate for every layer. */
    public static final SearchSpace PAPER = new SearchSpace("paper", List.of(),
            Map.of(Kind.SGD, ProtocolSettings.GRID, Kind.ADAM, ProtocolSettings.GRID),
            Map.of(Kind.SGD, ProtocolSettings.LP_GRID, Kind.ADAM, ProtocolSettings.LP_GRID), List.of(1f));

    /**
     * What a practitioner tries: SGD with momentum 0.9 over 1e-3..1e-1 (1e-4 with momentum barely moves in 30
     * epochs), Adam over 1e-4..1e-2 (its usual range); linear probing with SGD over the paper's 1e-3..10 and with
     * Adam over 1e-3..1e-1; FT and LP-FT with the backbone at the head's rate and at a tenth of it.
     */
    public static final SearchSpace FULL = new SearchSpace("full", List.of(Kind.SGD, Kind.ADAM),
            Map.of(Kind.SGD, List.of(1e-3f, 1e-2f, 1e-1f), Kind.ADAM, List.of(1e-4f, 1e-3f, 1e-2f)),
            Map.of(Kind.SGD, ProtocolSettings.LP_GRID, Kind.ADAM, List.of(1e-3f, 1e-2f, 1e-1f)), List.of(1f, 0.1f));

    /**
     * A bounded search for a slow machine: the two better SGD rates and Adam's default, linear probing's two
     * better SGD rates and one Adam rate, both backbone factors. Results made with it say so.
     */
    public static final SearchSpace BUDGET = new SearchSpace("budget", List.of(Kind.SGD, Kind.ADAM),
            Map.of(Kind.SGD, List.of(1e-2f, 1e-1f), Kind.ADAM, List.of(1e-3f)),
            Map.of(Kind.SGD, List.of(1e-1f, 1f), Kind.ADAM, List.of(1e-2f)), List.of(1f, 0.1f));

    /**
     * A search that fine-tunes the whole backbone.
     *
     * @param name            shown with the results
     * @param optimizers      the optimizers tried
     * @param grid            rates per optimizer
     * @param lpGrid          LP's rates per optimizer
     * @param backboneFactors FT's and LP-FT's backbone factors
     */
    public SearchSpace(String name, List<Kind> optimizers, Map<Kind, List<Float>> grid,
                       Map<Kind, List<Float>> lpGrid, List<Float> backboneFactors) {
        this(name, optimizers, grid, lpGrid, backboneFactors, List.of());
    }

    /**
     * This search with FT and LP-FT trying exactly these settings (e.g. one rate at top-layer counts 1 and 2).
     *
     * @param points the settings, in search order
     * @return the search
     */
    public SearchSpace withFineTune(List<SearchPoint> points) {
        return new SearchSpace(name, optimizers, grid, lpGrid, backboneFactors, points);
    }

    /** Copies the collections. */
    public SearchSpace {
        fineTune = List.copyOf(fineTune);
        optimizers = List.copyOf(optimizers);
        grid = Map.copyOf(grid);
        lpGrid = Map.copyOf(lpGrid);
        backboneFactors = List.copyOf(backboneFactors);
    }

    /**
     * Every setting searched for a method, optimizer by optimizer, rate by rate, factor by factor.
     *
     * @param method  the method
     * @param recipes the recipe's optimizer for the task, used when {@link #optimizers} is empty
     * @return the settings, in search order
     */
    public List<SearchPoint> points(Method method, Kind recipes) {
        List<SearchPoint> points = new ArrayList<>();
        if (method.evertrainsBackbone() && !fineTune.isEmpty()) {
            return fineTune;
        }
        List<Float> factors = method.evertrainsBackbone() ? backboneFactors : List.of(1f);
        for (Kind kind : optimizers.isEmpty() ? List.of(recipes) : optimizers) {
            for (float lr : (method == Method.LP ? lpGrid : grid).get(kind)) {
                for (float factor : factors) {
                    points.add(new SearchPoint(kind, lr, factor));
                }
            }
        }
        return points;
    }
}
