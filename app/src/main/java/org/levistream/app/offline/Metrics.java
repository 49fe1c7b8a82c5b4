package org.levistream.app.offline;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.levistream.model.levi.TaskKind;

/**
 * A model's scores on one set: RMSE and MAE for ratings (predictions clipped to the rating scale first),
 * accuracy and NLL (mean negative log-likelihood, nats) for classes.
 *
 * @param task   what was predicted
 * @param values metric name to value, in display order
 * @param count  how many examples were scored
 */
public record Metrics(TaskKind task, Map<String, Double> values, int count) {
    /** Root mean squared error. */
    public static final String RMSE = "rmse";
    /** Mean absolute error. */
    public static final String MAE = "mae";
    /** Share of correct classes. */
    public static final String ACCURACY = "accuracy";
    /** Mean negative log-likelihood of the true class. */
    public static final String NLL = "nll";

    /** Copies the values, keeping their order. */
    public Metrics {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** The metric learning rates are chosen by: RMSE for ratings, accuracy for classes. */
    public static String selectionMetric(TaskKind task) {
        return task == TaskKind.RATING ? RMSE : ACCURACY;
    }

    /** Whether a lower value of {@code metric} is better. */
    public static boolean lowerIsBetter(String metric) {
        return !metric.equals(ACCURACY);
    }

    /** The value of one metric. */
    public double get(String metric) {
        Double v = values.get(metric);
        if (v == null) {
            throw new IllegalArgumentException("no metric " + metric + " in " + values.keySet());
        }
        return v;
    }

    /** Accumulates predictions into metrics. */
    static final class Accumulator {
        private final TaskKind task;
        private double sumA;
        private double sumB;
        private int count;

        Accumulator(TaskKind task) {
            this.task = task;
        }

        /** A rating prediction, clipped to [0.5, 5] as any recommender serving this scale would. */
        void rating(float predicted, float actual) {
            double p = Math.max(0.5, Math.min(5.0, predicted));
            double e = p - actual;
            sumA += e * e;
            sumB += Math.abs(e);
            count++;
        }

        /** One example's logits, {@code classes} floats from {@code offset}. */
        void logits(float[] logits, int offset, int classes, int actual) {
            int best = 0;
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                if (logits[offset + c] > max) {
                    max = logits[offset + c];
                    best = c;
                }
            }
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                sum += Math.exp(logits[offset + c] - max);
            }
            double logProb = logits[offset + actual] - max - Math.log(sum);
            sumA += best == actual ? 1 : 0;
            sumB -= logProb;
            count++;
        }

        Metrics result() {
            Map<String, Double> v = new LinkedHashMap<>();
            if (task == TaskKind.RATING) {
                v.put(RMSE, Math.sqrt(sumA / count));
                v.put(MAE, sumB / count);
            } else {
                v.put(ACCURACY, sumA / count);
                v.put(NLL, sumB / count);
            }
            return new Metrics(task, v, count);
        }
    }
}
