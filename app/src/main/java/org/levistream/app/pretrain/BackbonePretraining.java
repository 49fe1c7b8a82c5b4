package org.levistream.app.pretrain;

import ai.djl.Device;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.levistream.app.offline.BackboneCatalog;
import org.levistream.app.offline.ExampleSet;
import org.levistream.app.offline.Metrics;
import org.levistream.app.offline.ModelRun;
import org.levistream.app.offline.Progress;
import org.levistream.app.offline.Recipes;
import org.levistream.app.offline.Subset;
import org.levistream.model.backbone.Backbone;
import org.levistream.model.backbone.BackboneArchitecture;
import org.levistream.model.backbone.BlockBackbone;
import org.levistream.model.levi.Method;
import org.levistream.model.levi.ModelSpec;
import org.levistream.model.levi.TaskKind;

/**
 * Pre-trains one backbone: the backbone plus a linear head on its last (deepest) tap, all trained with Adam (the
 * {@link Method#FT} code path) on the pre-training set less a random validation slice; then the backbone alone is
 * saved, put in the catalogue's store and catalogued under its content hash.
 *
 * <p>For the two-tower recommendation backbone ({@link Recipes#ratingBackbone}) the last tap is the last joint
 * layer, so the rating loss trains the joint layers and, through them, the content tower on the item-content columns
 * and the user-context tower on the user-context columns; each tower only ever sees its own columns.
 */
public final class BackbonePretraining {
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
