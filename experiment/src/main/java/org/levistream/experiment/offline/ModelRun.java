package org.levistream.experiment.offline;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.levistream.model.assembly.AssemblyOptions;
import org.levistream.model.assembly.ModelAssembly;
import org.levistream.model.backbone.Backbone;
import org.levistream.model.backbone.BackboneSource;
import org.levistream.model.checkpoint.CheckpointStore;
import org.levistream.model.levi.Batch;
import org.levistream.model.levi.LeviModel;
import org.levistream.model.levi.ModelSpec;
import org.levistream.model.metrics.Metrics;
import org.levistream.model.metrics.Scorer;
import org.levistream.model.tensor.NamedTensor;

/**
 * One model trained offline: a {@link ModelAssembly} (a fresh backbone copy, the model, its trainer and, for methods
 * that keep the backbone frozen, a tap cache keyed by example), trained in epochs over an {@link ExampleSet} and
 * scored with the shared {@link Scorer}. Closing releases all of them.
 */
public final class ModelRun implements AutoCloseable {
    private final ModelAssembly assembly;
    private long stepNanos;
    private long steps;

    private ModelRun(ModelAssembly assembly) {
        this.assembly = assembly;
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
        return new ModelRun(ModelAssembly.open(spec, spec.method().usesBackbone() ? source : null, device,
                new AssemblyOptions(cacheEntries, zeroIdTables)));
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
        float loss = Float.NaN;
        for (int[] order : epochOrders(set.size(), epochs, seed)) {
            for (int from = 0; from < order.length; from += batchSize) {
                loss = step(set, order, from, Math.min(order.length, from + batchSize));
                if (progress != null) {
                    progress.step(steps, loss);
                }
            }
        }
        return loss;
    }

    /**
     * How a run trained under the convergence rule.
     *
     * @param bestEpoch  the 1-based epoch whose state was kept (0: none beat the start, which is kept)
     * @param epochsRun  epochs trained before stopping
     * @param bestScore  the ID-validation selection score of the kept state
     */
    public record Convergence(int bestEpoch, int epochsRun, double bestScore) {}

    /**
     * Trains until ID validation stops improving: after every epoch the model is scored on {@code validation}
     * with the task's selection metric; a strictly better score keeps a copy of the parameters, and training stops
     * once {@code patience} epochs in a row did not improve or after {@code maxEpochs}. The best state is then
     * loaded back, so the model is the one that scored {@link Convergence#bestScore()}. Epoch orders are
     * {@link #epochOrders}'s, starting at {@code firstEpoch} (a later phase of the same run continues them).
     *
     * @param train      the training set
     * @param validation the ID validation set
     * @param maxEpochs  the most epochs to train
     * @param patience   epochs without improvement before stopping, at least 1
     * @param batchSize  examples per step
     * @param seed       seeds the example order
     * @param firstEpoch epochs of this seed's order already used (0 for a fresh run)
     * @param progress   console progress, or {@code null}
     * @return the kept epoch, the epochs run and the kept score
     * @throws IllegalStateException if a step's loss is not finite (the run diverged)
     */
    public Convergence trainToConvergence(ExampleSet train, ExampleSet validation, int maxEpochs, int patience,
                                          int batchSize, long seed, int firstEpoch, Progress progress) {
        if (patience < 1) {
            throw new IllegalArgumentException("patience was " + patience + " but must be at least 1");
        }
        String metric = Metrics.selectionMetric(train.task());
        boolean lower = Metrics.lowerIsBetter(metric);
        int[][] orders = epochOrders(train.size(), firstEpoch + maxEpochs, seed);
        double best = evaluate(validation).get(metric);
        List<NamedTensor> bestState = parameters();
        int bestEpoch = 0;
        int epoch = 0;
        while (epoch < maxEpochs && epoch - bestEpoch < patience) {
            trainEpoch(train, orders[firstEpoch + epoch], batchSize, progress);
            epoch++;
            double score = evaluate(validation).get(metric);
            if (Double.isNaN(best) || (lower ? score < best : score > best)) {
                best = score;
                bestState = parameters();
                bestEpoch = epoch;
            }
        }
        if (bestEpoch != epoch) {
            loadParameters(bestState);
        }
        return new Convergence(bestEpoch, epoch, best);
    }

    private void trainEpoch(ExampleSet set, int[] order, int batchSize, Progress progress) {
        for (int from = 0; from < order.length; from += batchSize) {
            float loss = step(set, order, from, Math.min(order.length, from + batchSize));
            if (progress != null) {
                progress.step(steps, loss);
            }
        }
    }

    /**
     * Overwrites the model's trainable parameters with copies, e.g. an earlier state of this run.
     *
     * @param state parameters as {@link #parameters()} returns them
     * @throws IllegalArgumentException if they do not match the model's
     */
    public void loadParameters(List<NamedTensor> state) {
        assembly.model().loadParameters(state);
    }

    /** Runs one step on {@code order[from..to)}; the step time excludes building the batch. */
    public float step(ExampleSet set, int[] order, int from, int to) {
        try (NDManager batchManager = NDManager.newBaseManager(assembly.device())) {
            Batch batch = set.batch(batchManager, order, from, to);
            long start = System.nanoTime();
            float loss = assembly.trainer().trainStep(batch);
            stepNanos += System.nanoTime() - start;
            steps++;
            return loss;
        }
    }

    /** Scores the model on a set, in its order, {@link Scorer#DEFAULT_CHUNK} examples per forward pass. */
    public Metrics evaluate(ExampleSet set) {
        int[] order = identity(set.size());
        return Scorer.score(assembly.trainer(), order.length, (m, from, to) -> set.batch(m, order, from, to),
                i -> set.label(order[i]), Scorer.DEFAULT_CHUNK);
    }

    /** Counts the parameters the method trains (the backbone's too for FT and LP-FT). */
    public long trainableParameters() {
        long n = 0;
        for (Parameter p : assembly.model().trainableParameters().values()) {
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
        return assembly.model();
    }

    /** The backbone this run owns, or {@code null} for small-only. */
    public Backbone backbone() {
        return assembly.backbone();
    }

    @Override
    public void close() {
        assembly.close();
    }

    /**
     * The example order of every epoch of {@link #train}: each epoch shuffles the previous epoch's order again with
     * one {@code java.util.Random} seeded once with {@code seed} (Fisher-Yates), starting from the set's own order.
     * A stream that must present the same batches (the streaming parity check) writes its records in these orders.
     *
     * @param size   examples in the set
     * @param epochs passes
     * @param seed   the run's seed
     * @return one order per epoch, each a permutation of {@code 0..size-1}
     */
    public static int[][] epochOrders(int size, int epochs, long seed) {
        Random random = new Random(seed);
        int[] order = identity(size);
        int[][] orders = new int[epochs][];
        for (int epoch = 0; epoch < epochs; epoch++) {
            shuffle(order, random);
            orders[epoch] = order.clone();
        }
        return orders;
    }

    /**
     * Loads a checkpoint's parameters into this run's model, for scoring a model trained elsewhere (by the streaming
     * trainer, say) with this run's scorer. The checkpoint must have this run's model settings and backbone.
     *
     * @param checkpointDir a checkpoint directory
     * @throws IOException if it cannot be read or verified
     * @throws org.levistream.model.checkpoint.IncompatibleCheckpointException if its model differs from this run's
     */
    public void loadParameters(Path checkpointDir) throws IOException {
        CheckpointStore.restoreParameters(assembly.model(), CheckpointStore.read(checkpointDir));
    }

    /**
     * Copies the model's trainable parameters, e.g. to compare two runs bit for bit.
     *
     * @return the parameters, by name, on the heap
     */
    public List<NamedTensor> parameters() {
        return assembly.trainer().snapshot().parameters();
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
