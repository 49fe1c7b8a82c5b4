package org.levistream.trainer.validation;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.levistream.model.levi.Batch;
import org.levistream.model.levi.LeviTrainer;
import org.levistream.model.levi.TaskKind;
import org.levistream.model.metrics.Metrics;
import org.levistream.model.metrics.Scorer;
import org.levistream.trainer.batching.BatchBuilder;
import org.levistream.trainer.batching.Fetched;

/**
 * Scores the trainer's current parameters on the ID validation sample with the shared {@link Scorer}, as the offline
 * experiment and the evaluator score: RMSE and MAE of the predicted ratings (each clipped to the rating scale
 * [0.5, 5]) for a rating model, accuracy and NLL (nats) for a classifier. Runs on the training thread, between steps.
 *
 * <p>Tap caching: the sample's batches carry the records' coordinates ({@code topic-partition@offset}) as tap-cache
 * keys when the featurizer is stateless, so that a trainer with a tap cache (a method whose backbone stays frozen)
 * runs the backbone over the sample once, at the first checkpoint, and reuses the taps at every later one. This
 * keeps exact resume exact: the sample is scored in the same chunks in every run, so a resumed run, starting with an
 * empty cache, computes each chunk's taps in the same batch as the first run did, and the same bits come out. A
 * stateful featurizer gives the same record other inputs as its state grows, so its records have no key.
 * Training batches never carry keys: see {@code ModelSetup}.
 *
 * @param <E> the held-out records' type
 */
public final class IdValidation<E> {
    private final List<E> sample;
    private final List<String> keys;
    private final BatchBuilder<E> builder;
    private final int chunk;

    /**
     * Creates the scorer.
     *
     * @param sample  the held-out records, with their coordinates
     * @param builder the featurizer, used without changing its state
     * @param chunk   examples scored per forward pass
     */
    public IdValidation(List<Fetched<E>> sample, BatchBuilder<E> builder, int chunk) {
        List<E> events = new ArrayList<>(sample.size());
        List<String> coordinates = new ArrayList<>(sample.size());
        for (Fetched<E> f : sample) {
            events.add(f.event());
            coordinates.add(f.partition() + "@" + f.offset());
        }
        this.sample = List.copyOf(events);
        this.keys = builder.stateful() ? List.of() : List.copyOf(coordinates);
        this.builder = builder;
        this.chunk = Math.max(1, chunk);
    }

    /**
     * Tells whether there is anything to score.
     *
     * @return false for an empty sample
     */
    public boolean isEmpty() {
        return sample.isEmpty();
    }

    /**
     * Scores the current parameters.
     *
     * @param trainer the trainer
     * @return for ratings {@code rmse} and {@code mae} (of clipped predictions), for classes {@code accuracy} and
     *         {@code nll}; then {@code examples}. Empty for an empty sample
     */
    public Map<String, Double> score(LeviTrainer trainer) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        if (sample.isEmpty()) {
            return metrics;
        }
        Metrics scores = Scorer.score(trainer, sample.size(), this::batch, i -> builder.label(sample.get(i)), chunk);
        if (trainer.model().spec().task() == TaskKind.RATING) {
            metrics.put(Metrics.RMSE, scores.get(Metrics.RMSE));
            metrics.put(Metrics.MAE, scores.get(Metrics.MAE));
        } else {
            metrics.put(Metrics.ACCURACY, scores.get(Metrics.ACCURACY));
            metrics.put(Metrics.NLL, scores.get(Metrics.NLL));
        }
        metrics.put("examples", (double) sample.size());
        return metrics;
    }

    private Batch batch(NDManager manager, int from, int to) {
        Batch b = builder.scoring(sample.subList(from, to), manager);
        return keys.isEmpty() ? b : new Batch(b.backboneInput(), b.taskInput(), b.labels(), keys.subList(from, to),
                b.idRows());
    }
}
