package org.levistream.evaluator.alerts;

import java.util.Map;

/**
 * How the evaluator decides that a version degraded out of distribution.
 *
 * @param margin        how much worse than the reference a metric may be before it counts
 * @param metricMargins margins of single metrics that differ from {@code margin}, by metric name (e.g. an absolute
 *                      one for ECE, whose small values make a relative margin a hair trigger)
 * @param alpha         family-wise error rate across the topics and metrics of one version (Holm), in (0, 1)
 * @param resamples     paired-bootstrap resamples for ECE, at least 1
 * @param seed          the bootstrap's seed, so that a restarted evaluator reaches the same verdicts
 */
public record AlertSettings(Margin margin, Map<String, Margin> metricMargins, double alpha, int resamples,
                            long seed) {
    /** Checks the values. */
    public AlertSettings {
        metricMargins = Map.copyOf(metricMargins);
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1), was " + alpha);
        }
        if (resamples < 1) {
            throw new IllegalArgumentException("resamples must be at least 1, was " + resamples);
        }
    }

    /**
     * Settings with one margin for every metric.
     *
     * @param margin    how much worse than the reference a metric may be before it counts
     * @param alpha     family-wise error rate, in (0, 1)
     * @param resamples paired-bootstrap resamples for ECE, at least 1
     * @param seed      the bootstrap's seed
     */
    public AlertSettings(Margin margin, double alpha, int resamples, long seed) {
        this(margin, Map.of(), alpha, resamples, seed);
    }

    /** A 5% relative margin, alpha 0.05, 1,000 resamples: the evaluator's defaults (docs/results/alerts.md). */
    public static AlertSettings defaults() {
        return new AlertSettings(Margin.relative(0.05), 0.05, 1_000, 42);
    }

    /**
     * The margin a metric is tested with.
     *
     * @param metric the metric's name, e.g. {@code ece}
     * @return its own margin, or the common one
     */
    public Margin marginFor(String metric) {
        return metricMargins.getOrDefault(metric, margin);
    }
}
