package org.levistream.experiment.protocol;

import ai.djl.Device;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import org.levistream.experiment.offline.ModelRun;
import org.levistream.experiment.offline.OfflineSplits;
import org.levistream.experiment.offline.Progress;
import org.levistream.experiment.offline.Recipes;
import org.levistream.model.backbone.BackboneSource;
import org.levistream.model.levi.Method;
import org.levistream.model.levi.ModelSpec;
import org.levistream.model.metrics.Metrics;
import org.levistream.model.tensor.NamedTensor;

/**
 * Trains one seed's model of one searched setting by the protocol's budget rule ({@link ProtocolSettings}): fixed
 * epochs, or to convergence on ID validation (LP-FT's two phases each to convergence). Reads the training and
 * validation sets only.
 */
final class SeedTraining {
    private final String benchmark;
    private final OfflineSplits splits;
    private final RunBackbones backbone;
    private final ProtocolSettings settings;
    private final Device device;
    private final PrintWriter console;

    /**
     * One seed's trained model.
     *
     * @param run       the model, best state loaded; the caller closes it
     * @param diverged  whether a step's loss turned non-finite
     * @param epochs    the epoch whose state is kept (-1: diverged)
     * @param epochsRun epochs trained (-1: diverged)
     * @param score     the kept state's validation score (NaN: diverged)
     * @param stepMillis mean wall time of its training steps (a restored run's, as measured when it trained)
     */
    record Fitted(ModelRun run, boolean diverged, int epochs, int epochsRun, double score, double stepMillis) {
        static Fitted of(ModelRun run, boolean diverged, int epochs, int epochsRun, double score) {
            return new Fitted(run, diverged, epochs, epochsRun, score, run.meanStepMillis());
        }
    }

    SeedTraining(String benchmark, OfflineSplits splits, RunBackbones backbone, ProtocolSettings settings,
                 Device device, PrintWriter console) {
        this.benchmark = benchmark;
        this.splits = splits;
        this.backbone = backbone;
        this.settings = settings;
        this.device = device;
        this.console = console;
    }

    /**
     * Trains one seed's model by the settings' rule. A run whose loss turns non-finite is returned as diverged,
     * with a NaN score.
     */
    Fitted fit(Method method, SearchPoint point, long seed) throws IOException {
        long unfreeze = settings.converges() ? Long.MAX_VALUE : stepsPerEpoch() * settings.epochs() / 2;
        ModelRun run = open(method, point, seed, unfreeze);
        ModelRun.Convergence probing;
        try {
            if (!settings.converges()) {
                run.train(splits.train(), settings.epochs(), settings.batchSize(), seed, progress(method, point, seed));
                double score = run.evaluate(splits.validation()).get(Metrics.selectionMetric(splits.train().task()));
                return Fitted.of(run, false, settings.epochs(), settings.epochs(), score);
            }
            ModelRun.Convergence c = converge(run, method, point, seed, 0, method == Method.FT);
            if (method != Method.LP_FT) {
                return Fitted.of(run, false, c.bestEpoch(), c.epochsRun(), c.bestScore());
            }
            probing = c;
        } catch (IllegalStateException diverged) {
            return diverged(run, method, point, seed, diverged);
        } catch (RuntimeException e) {
            run.close();
            throw e;
        }
        return fineTuneAfterProbing(run, point, seed, probing);
    }

    /**
     * LP-FT's second phase under the convergence rule: the probed run (backbone frozen, trained to convergence)
     * hands its best state to a fresh run that fine-tunes everything from its first step, with a fresh optimizer,
     * also to convergence. The epochs are the two phases' together.
     */
    private Fitted fineTuneAfterProbing(ModelRun probed, SearchPoint point, long seed, ModelRun.Convergence lp)
            throws IOException {
        List<NamedTensor> state = probed.parameters();
        probed.close();
        ModelRun run = open(Method.LP_FT, point, seed, 0);
        try {
            run.loadParameters(state);
            ModelRun.Convergence ft = converge(run, Method.LP_FT, point, seed, lp.epochsRun(), true);
            return Fitted.of(run, false, lp.bestEpoch() + ft.bestEpoch(), lp.epochsRun() + ft.epochsRun(),
                    ft.bestScore());
        } catch (IllegalStateException diverged) {
            return diverged(run, Method.LP_FT, point, seed, diverged);
        } catch (RuntimeException e) {
            run.close();
            throw e;
        }
    }

    /**
     * Rebuilds a finished run from its saved parameters: a fresh model of the same method, setting and seed, with
     * the saved state loaded, which scores exactly as the run did when it finished.
     */
    Fitted restore(Method method, SearchPoint point, long seed, FinishedRuns.Restored saved) throws IOException {
        // LP-FT's kept state includes the backbone, which only an unfrozen model takes.
        ModelRun run = open(method, point, seed, method == Method.LP_FT ? 0 : Long.MAX_VALUE);
        try {
            run.loadParameters(saved.parameters());
        } catch (RuntimeException e) {
            run.close();
            throw new IOException("the saved parameters of " + FinishedRuns.key(method, point, seed)
                    + " do not fit this model: " + e.getMessage(), e);
        }
        FinishedRuns.Record r = saved.record();
        return new Fitted(run, r.diverged(), r.epochs(), r.epochsRun(), r.score(), r.stepMillis());
    }

    /** A run whose loss turned non-finite: said on the console with its reason, and scored NaN. */
    private Fitted diverged(ModelRun run, Method method, SearchPoint point, long seed, IllegalStateException why) {
        if (console != null) {
            console.println(String.format(Locale.ROOT, "%s %s %s seed=%d diverged: %s", benchmark,
                    method.settingName(), point.label(), seed, why.getMessage()));
            console.flush();
        }
        return Fitted.of(run, true, -1, -1, Double.NaN);
    }

    private ModelRun.Convergence converge(ModelRun run, Method method, SearchPoint point, long seed, int firstEpoch,
                                          boolean trainsBackbone) {
        return run.trainToConvergence(splits.train(), splits.validation(), settings.maxEpochs(trainsBackbone),
                settings.patience(),
                settings.batchSize(), seed, firstEpoch, progress(method, point, seed));
    }

    private ModelRun open(Method method, SearchPoint point, long seed, long unfreeze) throws IOException {
        ModelSpec spec = Recipes.spec(splits.train(), method,
                Recipes.optimizer(point.optimizer(), point.learningRate(), point.backboneFactor()), seed, unfreeze,
                settings.overrides());
        BackboneSource source = method.usesBackbone() ? backbone.source(method, point.topLayers()) : null;
        return ModelRun.create(spec, source, device, settings.cacheEntries(), settings.zeroIdTables());
    }

    private long stepsPerEpoch() {
        return (splits.train().size() + settings.batchSize() - 1) / settings.batchSize();
    }

    private Progress progress(Method method, SearchPoint point, long seed) {
        return console == null ? null : new Progress(console, String.format(Locale.ROOT, "%s %s %s seed=%d",
                benchmark, method.settingName(), point.label(), seed), stepsPerEpoch() * settings.epochs(),
                settings.batchSize(), 30_000);
    }
}
