package org.levistream.model.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import org.levistream.model.levi.TaskKind;

/**
 * Adds up predictions, one example at a time, into {@link Metrics}.
 *
 * <p>Rating predictions are clipped to the rating scale [{@value #MIN_RATING}, {@value #MAX_RATING}] before the
 * error is taken: a recommender serving this scale never shows a prediction outside it, and the offline results in
 * {@code docs/results} were made this way. Only the prediction is clipped, never the actual rating.
 *
 * <p>Not thread-safe; one accumulator per scoring pass.
 */
public final class MetricAccumulator {
    /** The lowest rating on the scale; lower predictions are scored as this. */
    public static final double MIN_RATING = 0.5;
    /** The highest rating on the scale; higher predictions are scored as this. */
    public static final double MAX_RATING = 5.0;

    private final TaskKind task;
    private double sumA;
    private double sumB;
    private ExampleLosses.Builder examples;
    private int count;

    /**
     * Creates an empty accumulator.
     *
     * @param task ratings (RMSE, MAE) or classes (accuracy, NLL)
     */
    public MetricAccumulator(TaskKind task) {
        this.task = task;
    }

    /**
     * Clips a rating prediction to the rating scale.
     *
     * @param predicted the model's output
     * @return the prediction as it is scored, in [{@value #MIN_RATING}, {@value #MAX_RATING}]
     */
    public static double clipRating(float predicted) {
        return Math.max(MIN_RATING, Math.min(MAX_RATING, predicted));
    }

    /**
     * Adds one rating prediction, clipped to the rating scale first.
     *
     * @param predicted the model's output
     * @param actual    the true rating
     */
    public void rating(float predicted, float actual) {
        double e = clipRating(predicted) - actual;
        sumA += e * e;
        sumB += Math.abs(e);
        count++;
        if (examples != null) {
            examples.add(e * e, Math.abs(e), 0);
        }
    }

    /**
     * Adds one example's class logits.
     *
     * @param logits  logits of one or more examples
     * @param offset  where this example's logits start
     * @param classes how many logits it has
     * @param actual  the true class, in [0, classes)
     */
    public void logits(float[] logits, int offset, int classes, int actual) {
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
        if (examples != null) {
            examples.add(best == actual ? 1 : 0, -logProb, 1 / sum);   // 1 / sum: the predicted class's probability
        }
    }

    /**
     * Also keeps each example's terms, for {@link #examples()}.
     *
     * @return this accumulator
     */
    public MetricAccumulator keepingExamples() {
        if (examples == null) {
            examples = new ExampleLosses.Builder(task);
        }
        return this;
    }

    /**
     * Returns each example's terms, in the order added.
     *
     * @return the terms
     * @throws IllegalStateException unless {@link #keepingExamples()} was called before the first example
     */
    public ExampleLosses examples() {
        if (examples == null) {
            throw new IllegalStateException("this accumulator keeps no examples; call keepingExamples() first");
        }
        return examples.build();
    }

    /**
     * Returns how many examples were added.
     *
     * @return the count so far
     */
    public int count() {
        return count;
    }

    /**
     * Computes the metrics of everything added so far.
     *
     * @return RMSE and MAE for ratings, accuracy and NLL for classes; NaN values when nothing was added
     */
    public Metrics result() {
        Map<String, Double> v = new LinkedHashMap<>();
        if (task == TaskKind.RATING) {
            v.put(Metrics.RMSE, Math.sqrt(sumA / count));
            v.put(Metrics.MAE, sumB / count);
        } else {
            v.put(Metrics.ACCURACY, sumA / count);
            v.put(Metrics.NLL, sumB / count);
        }
        return new Metrics(task, v, count);
    }
}
