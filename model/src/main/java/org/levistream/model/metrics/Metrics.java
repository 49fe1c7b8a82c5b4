package org.levistream.model.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.levistream.model.levi.TaskKind;

/**
 * A model's scores on one set: RMSE and MAE for ratings, accuracy and NLL (mean negative log-likelihood of the true
 * class, in nats) for classes. Rating predictions are clipped to the rating scale before they are scored (see
 * {@link MetricAccumulator#clipRating}).
 *
 * @param task   what was predicted
 * @param values metric name to value, in display order
 * @param count  how many examples were scored
 */
public record Metrics(TaskKind task, Map<String, Double> values, int count) {
    /** Root mean squared error of the clipped rating predictions. */
    public static final String RMSE = "rmse";
    /** Mean absolute error of the clipped rating predictions. */
    public static final String MAE = "mae";
    /** Share of examples whose highest logit is the true class. */
    public static final String ACCURACY = "accuracy";
    /** Mean negative log-likelihood of the true class, in nats. */
    public static final String NLL = "nll";

    /** Copies the values, keeping their order. */
    public Metrics {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /**
     * Names the metric learning rates and checkpoints are chosen by.
     *
     * @param task what is predicted
     * @return RMSE for ratings, accuracy for classes
     */
    public static String selectionMetric(TaskKind task) {
        return task == TaskKind.RATING ? RMSE : ACCURACY;
    }

    /**
     * Tells which way a metric improves.
     *
     * @param metric a metric name
     * @return whether a lower value is better (every metric but accuracy)
     */
    public static boolean lowerIsBetter(String metric) {
        return !metric.equals(ACCURACY);
    }

    /**
     * Returns one metric's value.
     *
     * @param metric the metric's name
     * @return its value
     * @throws IllegalArgumentException if these scores lack it
     */
    public double get(String metric) {
        Double v = values.get(metric);
        if (v == null) {
            throw new IllegalArgumentException("no metric " + metric + " in " + values.keySet());
        }
        return v;
    }
}
