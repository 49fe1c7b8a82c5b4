package org.levistream.experiment.pretrain;

import ai.djl.Device;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.levistream.experiment.offline.DigitsSplits;
import org.levistream.experiment.offline.ExampleSet;
import org.levistream.experiment.offline.LoadSettings;
import org.levistream.experiment.offline.ModelRun;
import org.levistream.experiment.offline.MovieLensSplits;
import org.levistream.experiment.offline.OfflineSplits;
import org.levistream.experiment.offline.Progress;
import org.levistream.experiment.offline.RatingSet;
import org.levistream.experiment.offline.Recipes;
import org.levistream.experiment.offline.Subset;
import org.levistream.ingest.split.SplitPlan;
import org.levistream.model.backbone.Backbone;
import org.levistream.model.backbone.BackboneCatalog;
import org.levistream.model.backbone.BackboneArchitecture;
import org.levistream.model.backbone.BlockBackbone;
import org.levistream.model.levi.Method;
import org.levistream.model.levi.ModelSpec;
import org.levistream.model.levi.TaskKind;
import org.levistream.model.metrics.Metrics;

/**
 * Makes the benchmarks' backbones ({@code levi pretrain}, and {@code levi experiment --quick} on generated data):
 * <ul>
 *   <li>{@value #MOVIELENS}: a two-tower recommendation backbone ({@link Recipes#ratingBackbone}) on the ratings the
 *       MovieLens split plan sends to {@code pretrain} (up to 2002), trained for rating RMSE;</li>
 *   <li>{@value #FASHION}: an image CNN ({@link Recipes#imageBackbone}) on the Fashion-MNIST images the digits split
 *       plan sends to {@code pretrain}.</li>
 * </ul>
 *
 * <p>Each one is pre-trained the same way: the backbone plus a linear head on its last (deepest) tap, all trained
 * with Adam (the {@link Method#FT} code path) on the pre-training set less a random validation slice; then the
 * backbone alone is saved, put in the catalogue's store and catalogued under its content hash.
 *
 * <p>For the two-tower recommendation backbone ({@link Recipes#ratingBackbone}) the last tap is the last joint
 * layer, so the rating loss trains the joint layers and, through them, the content tower on the item-content columns
 * and the user-context tower on the user-context columns; each tower only ever sees its own columns.
 */
public final class BackbonePretraining {
    /** Catalogue name of the recommendation backbone. */
    public static final String MOVIELENS = "movielens";
    /** Catalogue name of the image backbone. */
    public static final String FASHION = "fashion-mnist";
    /**
     * How to train.
     *
     * @param epochs             passes over the data
     * @param batchSize          examples per step
     * @param learningRate       Adam's step size
     * @param seed               seeds initialisation, order and the validation slice
     * @param validationFraction share held out to report a score
     */
    public record Settings(int epochs, int batchSize, float learningRate, long seed, double validationFraction) {}

    /**
     * What came out.
     *
     * @param name       the catalogue name
     * @param sha256     the backbone's content hash
     * @param file       the saved backbone
     * @param validation the backbone + head's score on the held-out slice
     * @param steps      steps run
     * @param seconds    wall time of training
     */
    public record Result(String name, String sha256, Path file, Metrics validation, long steps, double seconds) {}

    private BackbonePretraining() {}

    /**
     * Pre-trains, saves and catalogues the recommendation backbone: 10 epochs by default, batch 200, Adam at 1e-3,
     * 5% of the ratings held out to report a score.
     *
     * @param data       the data folder ({@code movielens/movielens.csv}, {@code glove/glove-100d.bin})
     * @param plan       the MovieLens split plan, whose {@code pretrain} rule picks the ratings
     * @param planSource where the plan was read from, for the console
     * @param epochs     passes over the data; 0 for the default
     * @param seed       seeds the split's validation sample, initialisation and order
     * @param device     where to train
     * @param catalog    where to store it
     * @param console    progress and counts
     * @return the result
     * @throws IOException if the data cannot be read or the backbone saved
     */
    public static Result movieLens(Path data, SplitPlan plan, String planSource, int epochs, long seed, Device device,
                                   BackboneCatalog catalog, PrintWriter console) throws IOException {
        OfflineSplits splits = MovieLensSplits.fromSources(data, data.resolve("glove/glove-100d.bin"), plan, new LoadSettings(0.1, seed, 0, 0, 0, 0, true));
        console.println("movielens: " + splits.pretrain().size() + " pre-training ratings (rule 'pretrain' of "
                + planSource + ")");
        int width = ((RatingSet) splits.pretrain()).width();
        var settings = new Settings(epochs > 0 ? epochs : 10, 200, 1e-3f, seed, 0.05);
        return run(MOVIELENS, Recipes.ratingBackbone(width), TaskKind.RATING, splits.pretrain(), settings, device,
                catalog, console);
    }

    /**
     * Pre-trains, saves and catalogues the image backbone: 2 epochs by default, batch 128, Adam at 1e-3, 5% of the
     * images held out to report a score.
     *
     * @param data       the data folder (the fetch script's image folders)
     * @param plan       the digits split plan, whose {@code pretrain} rule picks the images
     * @param planSource where the plan was read from, for the console
     * @param epochs     passes over the data; 0 for the default
     * @param seed       seeds the split's validation sample, initialisation and order
     * @param device     where to train
     * @param catalog    where to store it
     * @param console    progress and counts
     * @return the result
     * @throws IOException if the data cannot be read or the backbone saved
     */
    public static Result fashion(Path data, SplitPlan plan, String planSource, int epochs, long seed, Device device,
                                 BackboneCatalog catalog, PrintWriter console) throws IOException {
        OfflineSplits splits = DigitsSplits.load(data, plan, new LoadSettings(0.1, seed, 0, 0, 0, 0, true));
        console.println("fashion-mnist: " + splits.pretrain().size() + " pre-training images (rule 'pretrain' of "
                + planSource + ")");
        var settings = new Settings(epochs > 0 ? epochs : 2, 128, 1e-3f, seed, 0.05);
        return run(FASHION, Recipes.imageBackbone(), TaskKind.CLASSIFICATION, splits.pretrain(), settings, device,
                catalog, console);
    }

    /**
     * Prints what a pre-training made: its hash, steps, time, held-out scores and file.
     *
     * @param console where to print
     * @param r       the result
     */
    public static void report(PrintWriter console, Result r) {
        StringBuilder heldOut = new StringBuilder();
        r.validation().values().forEach((k, v) -> heldOut.append(String.format(Locale.ROOT, " %s %.4f", k, v)));
        console.println(String.format(Locale.ROOT, "%s backbone: sha256 %s, %d steps in %.1f s, held-out%s%n  saved %s",
                r.name(), r.sha256(), r.steps(), r.seconds(), heldOut, r.file()));
        console.flush();
    }

    /**
     * Pre-trains, saves and catalogues a backbone.
     *
     * @param name         the catalogue name ({@code movielens}, {@code fashion-mnist})
     * @param architecture the backbone to build
     * @param task         what the head predicts
     * @param data         the pre-training examples
     * @param settings     how to train
     * @param device       where to train
     * @param catalog      where to store it
     * @param out          console progress, or {@code null}
     * @return the result
     * @throws IOException if saving fails
     */
    public static Result run(String name, BackboneArchitecture architecture, TaskKind task, ExampleSet data,
                             Settings settings, Device device, BackboneCatalog catalog, PrintWriter out)
            throws IOException {
        if (data.size() == 0) {
            throw new IllegalStateException("no pre-training examples for " + name
                    + "; check the data folder and the split file's pretrain rule");
        }
        Subset[] parts = Subset.split(data, settings.validationFraction(), settings.seed());
        ModelSpec spec = Recipes.spec(task, Method.FT, settings.learningRate(), settings.seed(), 0,
                Map.of("model.optimizer.kind", "adam"));
        long stepsPerEpoch = (parts[0].size() + settings.batchSize() - 1) / settings.batchSize();
        long started = System.nanoTime();
        try (ModelRun run = ModelRun.create(spec, () -> BlockBackbone.create(architecture, settings.seed(), device),
                device, 0)) {
            Progress progress = new Progress(out, "pretrain " + name, stepsPerEpoch * settings.epochs(),
                    settings.batchSize(), 5_000);
            run.train(parts[0], settings.epochs(), settings.batchSize(), settings.seed(), progress);
            double seconds = (System.nanoTime() - started) / 1e9;
            Metrics validation = run.evaluate(parts[1]);
            Path file = catalog.dir().resolve(name + ".levi");
            String hash = ((BlockBackbone) run.backbone()).save(file);
            try (Backbone saved = BlockBackbone.load(file, device)) {
                catalog.store().put(saved);
            }
            catalog.put(name, new BackboneCatalog.Entry(hash, describe(run.backbone()),
                    provenance(data, parts, settings, validation, run.steps(), seconds)));
            return new Result(name, hash, file, validation, run.steps(), seconds);
        }
    }

    private static String describe(Backbone backbone) {
        return ((BlockBackbone) backbone).architecture().summary();
    }

    private static Map<String, Object> provenance(ExampleSet data, Subset[] parts, Settings s, Metrics validation,
                                                  long steps, double seconds) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("examples", data.size());
        p.put("trainExamples", parts[0].size());
        p.put("validationExamples", parts[1].size());
        p.put("epochs", s.epochs());
        p.put("batchSize", s.batchSize());
        p.put("learningRate", s.learningRate());
        p.put("optimizer", "adam");
        p.put("seed", s.seed());
        p.put("steps", steps);
        p.put("seconds", Math.round(seconds * 10) / 10.0);
        p.put("validation", validation.values());
        return p;
    }
}
