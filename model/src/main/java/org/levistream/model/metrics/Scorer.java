package org.levistream.model.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import java.util.function.ToDoubleFunction;
import org.levistream.model.cache.TapCache;
import org.levistream.model.levi.Batch;
import org.levistream.model.levi.LeviModel;
import org.levistream.model.levi.LeviTrainer;
import org.levistream.model.levi.ModelSpec;
import org.levistream.model.levi.TaskKind;

/**
 * Scores a model's current parameters on a list of examples: the examples are predicted in chunks, each chunk's
 * batch and outputs living in an {@link NDManager} that closes before the next chunk, and the predictions are added
 * to a {@link MetricAccumulator} (rating predictions clipped to the rating scale). Nothing is trained: a trainer is
 * scored through {@link LeviTrainer#predict} (with its tap cache, if any), and a model alone, as an inference-only
 * caller holds it, through {@link LeviModel#predict}.
 */
public final class Scorer {
    /** Examples per forward pass when the caller has no reason to pick another. */
    public static final int DEFAULT_CHUNK = 1024;

    private Scorer() {}

    /** Builds the batch of a range of examples. */
    @FunctionalInterface
    public interface RangeBatches {
        /**
         * Builds the batch of examples {@code [from, to)}, in order.
         *
         * @param manager owns the batch's arrays; closed after the chunk is scored
         * @param from    the first example
         * @param to      one past the last example
         * @return the batch; labels are not needed
         */
        Batch batch(NDManager manager, int from, int to);
    }

    /** Builds the batch of a chunk of examples. */
    @FunctionalInterface
    public interface ChunkBatches<T> {
        /**
         * Builds the batch of a chunk, in order.
         *
         * @param chunk   the examples
         * @param manager owns the batch's arrays; closed after the chunk is scored
         * @return the batch; labels are not needed
         */
        Batch batch(List<T> chunk, NDManager manager);
    }

    /** Predicts one batch. */
    @FunctionalInterface
    private interface Predictions {
        NDArray predict(Batch batch, NDManager into);
    }

    /**
     * Scores a list of examples with a model alone, for callers that only run inference.
     *
     * @param model    the model to score
     * @param cache    a cache of the model's backbone's taps, or {@code null}
     * @param examples the examples, scored in order
     * @param batches  builds a chunk's batch
     * @param label    an example's true rating, or its class index
     * @param chunk    examples per forward pass, at least 1
     * @param <T>      the example type
     * @return the metrics of the model's task over every example
     */
    public static <T> Metrics score(LeviModel model, TapCache cache, List<T> examples, ChunkBatches<T> batches,
                                    ToDoubleFunction<? super T> label, int chunk) {
        return score(model, (b, m) -> model.predict(b, m, cache), examples.size(),
                (m, from, to) -> batches.batch(examples.subList(from, to), m),
                i -> label.applyAsDouble(examples.get(i)), chunk);
    }

    /**
     * A model's metrics over a list of examples and each example's loss terms.
     *
     * @param metrics  the metrics, as {@link #score} gives them
     * @param examples each example's terms, in the list's order
     */
    public record Scored(Metrics metrics, ExampleLosses examples) {}

    /**
     * Scores a list of examples with a model alone and keeps each example's loss terms, for comparing two versions
     * on the same examples (the evaluator's paired tests).
     *
     * @param model    the model to score
     * @param cache    a cache of the model's backbone's taps, or {@code null}
     * @param examples the examples, scored in order
     * @param batches  builds a chunk's batch
     * @param label    an example's true rating, or its class index
     * @param chunk    examples per forward pass, at least 1
     * @param <T>      the example type
     * @return the metrics and the per-example terms
     */
    public static <T> Scored scoreEach(LeviModel model, TapCache cache, List<T> examples, ChunkBatches<T> batches,
                                       ToDoubleFunction<? super T> label, int chunk) {
        MetricAccumulator acc = new MetricAccumulator(model.spec().task()).keepingExamples();
        accumulate(model, (b, m) -> model.predict(b, m, cache), examples.size(),
                (m, from, to) -> batches.batch(examples.subList(from, to), m),
                i -> label.applyAsDouble(examples.get(i)), chunk, acc);
        return new Scored(acc.result(), acc.examples());
    }

    /**
     * Scores a list of examples.
     *
     * @param trainer  the model to score, with its tap cache if any
     * @param examples the examples, scored in order
     * @param batches  builds a chunk's batch
     * @param label    an example's true rating, or its class index
     * @param chunk    examples per forward pass, at least 1
     * @param <T>      the example type
     * @return the metrics of the model's task over every example
     */
    public static <T> Metrics score(LeviTrainer trainer, List<T> examples, ChunkBatches<T> batches,
                                    ToDoubleFunction<? super T> label, int chunk) {
        return score(trainer, examples.size(), (m, from, to) -> batches.batch(examples.subList(from, to), m),
                i -> label.applyAsDouble(examples.get(i)), chunk);
    }

    /**
     * Scores examples {@code [0, count)} of an indexed set.
     *
     * @param trainer the model to score, with its tap cache if any
     * @param count   how many examples
     * @param batches builds the batch of a range of examples
     * @param label   example {@code i}'s true rating, or its class index
     * @param chunk   examples per forward pass, at least 1
     * @return the metrics of the model's task over every example
     */
    public static Metrics score(LeviTrainer trainer, int count, RangeBatches batches, IntToDoubleFunction label,
                                int chunk) {
        return score(trainer.model(), trainer::predict, count, batches, label, chunk);
    }

    private static Metrics score(LeviModel model, Predictions predictions, int count, RangeBatches batches,
                                 IntToDoubleFunction label, int chunk) {
        MetricAccumulator acc = new MetricAccumulator(model.spec().task());
        accumulate(model, predictions, count, batches, label, chunk, acc);
        return acc.result();
    }

    private static void accumulate(LeviModel model, Predictions predictions, int count, RangeBatches batches,
                                   IntToDoubleFunction label, int chunk, MetricAccumulator acc) {
        if (chunk < 1) {
            throw new IllegalArgumentException("chunk was " + chunk + " but must be at least 1");
        }
        ModelSpec spec = model.spec();
        for (int from = 0; from < count; from += chunk) {
            int to = Math.min(count, from + chunk);
            try (NDManager manager = NDManager.newBaseManager(model.device())) {
                float[] out = predictions.predict(batches.batch(manager, from, to), manager).toFloatArray();
                for (int k = 0; k < to - from; k++) {
                    double actual = label.applyAsDouble(from + k);
                    if (spec.task() == TaskKind.RATING) {
                        acc.rating(out[k], (float) actual);
                    } else {
                        acc.logits(out, k * spec.classes(), spec.classes(), (int) actual);
                    }
                }
            }
        }
    }
}
