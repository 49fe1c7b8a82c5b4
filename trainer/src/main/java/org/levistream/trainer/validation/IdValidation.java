package org.levistream.trainer.validation;

import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.levistream.model.levi.Batch;
import org.levistream.model.levi.LeviTrainer;
import org.levistream.schemas.domain.InteractionEvent;
import org.levistream.trainer.batching.BatchBuilder;

/**
 * Scores the trainer's current parameters on the ID validation sample: RMSE and MAE of the predicted ratings.
 * Runs on the training thread, between steps.
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
     * @return {@code rmse}, {@code mae} and {@code examples}; empty for an empty sample
     */
    public Map<String, Double> score(LeviTrainer trainer, BatchBuilder builder) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        if (sample.isEmpty()) {
            return metrics;
        }
        double squared = 0;
        double absolute = 0;
        for (int from = 0; from < sample.size(); from += chunk) {
            List<InteractionEvent> part = sample.subList(from, Math.min(sample.size(), from + chunk));
            try (NDManager manager = NDManager.newBaseManager(trainer.model().device())) {
                Batch batch = builder.scoring(part, manager);
                float[] predicted = trainer.predict(batch, manager).toFloatArray();
                for (int i = 0; i < part.size(); i++) {
                    double error = predicted[i] - part.get(i).rating();
                    squared += error * error;
                    absolute += Math.abs(error);
                }
            }
        }
        metrics.put("rmse", Math.sqrt(squared / sample.size()));
        metrics.put("mae", absolute / sample.size());
        metrics.put("examples", (double) sample.size());
        return metrics;
    }
}
