package org.levistream.app.offline;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.io.IOException;
import java.util.Random;
import org.levistream.model.backbone.Backbone;
import org.levistream.model.cache.TapCache;
import org.levistream.model.levi.Batch;
import org.levistream.model.levi.LeviModel;
import org.levistream.model.levi.LeviTrainer;
import org.levistream.model.levi.ModelSpec;
import org.levistream.model.levi.TaskKind;
import org.levistream.model.tensor.NamedTensor;

/**
 * One model trained offline: a fresh backbone copy, the model, its trainer and, for methods that keep the backbone
 * frozen, a tap cache keyed by example. Closing releases all of them.
 */
public final class ModelRun implements AutoCloseable {
    private static final int EVAL_BATCH = 1024;
    /** The small model's id tables, as {@link LeviModel#ownParameters()} names them. */
    private static final java.util.regex.Pattern ID_TABLE = java.util.regex.Pattern.compile("small\\.table\\d+");

    private final ModelSpec spec;
    private final Backbone backbone;
    private final LeviModel model;
    private final LeviTrainer trainer;
    private long stepNanos;
    private long steps;

    private ModelRun(ModelSpec spec, Backbone backbone, LeviModel model, LeviTrainer trainer) {
        this.spec = spec;
        this.backbone = backbone;
        this.model = model;
        this.trainer = trainer;
    }

    /**
     * Builds a run.
     *
     * @param spec         the model's settings
     * @param source       opens the backbone; not called for small-only
     * @param device       where everything lives
     * @param cacheEntries tap-cache bound; 0 for no cache (a cache is never used when the backbone trains)
     * @return the run; close it
     * @throws IOException if the backbone cannot be opened
     */
    public static ModelRun create(ModelSpec spec, BackboneSource source, Device device, int cacheEntries)
            throws IOException {
        return create(spec, source, device, cacheEntries, false);
    }

    /**
     * Builds a run, optionally starting the small model's id tables at zero instead of the model's random
     * initialisation: an id never seen in training then contributes a zero vector rather than noise.
     *
     * @param spec         the model's settings
     * @param source       opens the backbone; not called for small-only
     * @param device       where everything lives
     * @param cacheEntries tap-cache bound; 0 for no cache
     * @param zeroIdTables whether id tables start at zero
     * @return the run; close it
     * @throws IOException if the backbone cannot be opened
     */
    public static ModelRun create(ModelSpec spec, BackboneSource source, Device device, int cacheEntries,
                                  boolean zeroIdTables) throws IOException {
        Backbone backbone = spec.method().usesBackbone() ? source.open() : null;
        LeviModel model = null;
        try {
            model = LeviModel.create(spec, backbone, device);
            if (zeroIdTables) {
                zeroTables(model);
            }
            boolean cached = cacheEntries > 0 && backbone != null && !spec.method().evertrainsBackbone();
            LeviTrainer trainer = new LeviTrainer(model, cached ? new TapCache(backbone, cacheEntries) : null);
            return new ModelRun(spec, backbone, model, trainer);
        } catch (RuntimeException e) {
            if (model != null) {
                model.close();
            }
            if (backbone != null) {
                backbone.close();
            }
            throw e;
        }
    }

    /**
     * Trains for whole epochs over a set, in a fresh seeded order each epoch; the last batch of an epoch may be
     * smaller.
     *
     * @param set       the training set
     * @param epochs    passes over the set
     * @param batchSize examples per step
     * @param seed      seeds the example order
     * @param progress  console progress, or {@code null}
     * @return the last step's loss
     */
    public float train(ExampleSet set, int epochs, int batchSize, long seed, Progress progress) {
        Random random = new Random(seed);
        float loss = Float.NaN;
        int[] order = identity(set.size());
        for (int epoch = 0; epoch < epochs; epoch++) {
            shuffle(order, random);
            for (int from = 0; from < order.length; from += batchSize) {
                loss = step(set, order, from, Math.min(order.length, from + batchSize));
                if (progress != null) {
                    progress.step(steps, loss);
                }
            }
        }
        return loss;
    }

    /** Runs one step on {@code order[from..to)}; the step time excludes building the batch. */
    public float step(ExampleSet set, int[] order, int from, int to) {
        try (NDManager batchManager = NDManager.newBaseManager(model.device())) {
            Batch batch = set.batch(batchManager, order, from, to);
            long start = System.nanoTime();
            float loss = trainer.trainStep(batch);
            stepNanos += System.nanoTime() - start;
            steps++;
            return loss;
        }
    }

    /** Scores the model on a set, in its order. */
    public Metrics evaluate(ExampleSet set) {
        Metrics.Accumulator acc = new Metrics.Accumulator(set.task());
        int[] order = identity(set.size());
        for (int from = 0; from < order.length; from += EVAL_BATCH) {
            int to = Math.min(order.length, from + EVAL_BATCH);
            try (NDManager m = NDManager.newBaseManager(model.device())) {
                NDArray out = trainer.predict(set.batch(m, order, from, to), m);
                float[] values = out.toFloatArray();
                for (int k = 0; k < to - from; k++) {
                    float label = set.label(order[from + k]);
                    if (set.task() == TaskKind.RATING) {
                        acc.rating(values[k], label);
                    } else {
                        acc.logits(values, k * spec.classes(), spec.classes(), (int) label);
                    }
                }
            }
        }
        return acc.result();
    }

    /** Counts the parameters the method trains (the backbone's too for FT and LP-FT). */
    public long trainableParameters() {
        long n = 0;
        for (Parameter p : model.trainableParameters().values()) {
            n += p.getArray().getShape().size();
        }
        return n;
    }

    /** Mean wall time of a training step so far, in milliseconds. */
    public double meanStepMillis() {
        return steps == 0 ? Double.NaN : stepNanos / 1e6 / steps;
    }

    /** Steps run so far. */
    public long steps() {
        return steps;
    }

    /** The model. */
    public LeviModel model() {
        return model;
    }

    /** The backbone this run owns, or {@code null} for small-only. */
    public Backbone backbone() {
        return backbone;
    }

    @Override
    public void close() {
        trainer.close();
        model.close();
        if (backbone != null) {
            backbone.close();
        }
    }

    private static void zeroTables(LeviModel model) {
        model.ownParameters().forEach((name, p) -> {
            if (ID_TABLE.matcher(name).matches()) {
                NDArray table = p.getArray();
                NamedTensor.of(name, table.getShape(), new float[Math.toIntExact(table.size())]).copyInto(table);
            }
        });
    }

    static int[] identity(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return order;
    }

    private static void shuffle(int[] order, Random random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }
}
