package org.levistream.trainer.validation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.levistream.model.levi.LeviTrainer;
import org.levistream.model.metrics.Metrics;
import org.levistream.model.metrics.Scorer;
import org.levistream.schemas.domain.InteractionEvent;
import org.levistream.trainer.batching.BatchBuilder;

/**
 * Scores the trainer's current parameters on the ID validation sample: RMSE and MAE of the predicted ratings, with
 * the shared {@link Scorer}, so each prediction is clipped to the rating scale [0.5, 5] before it is scored, as the
 * offline experiment and the evaluator score it. Runs on the training thread, between steps.
 */
public final class IdValidation {
    private final List<InteractionEvent> sample;
    private final int chunk;

    /**
     * Creates the scorer.
     *
     * @param sample the held-out interactions
     * @param chunk  examples scored per forward pass
     */
    public IdValidation(List<InteractionEvent> sample, int chunk) {
        this.sample = List.copyOf(sample);
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
     * @param builder the featurizer, used without changing its state
     * @return {@code rmse}, {@code mae} (of clipped predictions) and {@code examples}; empty for an empty sample
     */
    public Map<String, Double> score(LeviTrainer trainer, BatchBuilder builder) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        if (sample.isEmpty()) {
            return metrics;
        }
        Metrics scores = Scorer.score(trainer, sample, builder::scoring, InteractionEvent::rating, chunk);
        metrics.put("rmse", scores.get(Metrics.RMSE));
        metrics.put("mae", scores.get(Metrics.MAE));
        metrics.put("examples", (double) sample.size());
        return metrics;
    }
}
