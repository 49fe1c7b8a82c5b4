package org.levistream.evaluator.alerts;

/**
 * How the evaluator decides that a version degraded out of distribution.
 *
 * @param margin     how much worse than the reference a metric may be before it counts
 * @param alpha      family-wise error rate across the topics and metrics of one version (Holm), in (0, 1)
 * @param resamples  paired-bootstrap resamples for ECE, at least 1
 * @param seed       the bootstrap's seed, so that a restarted evaluator reaches the same verdicts
 */
public record AlertSettings(Margin margin, double alpha, int resamples, long seed) {
    /** Checks the values. */
    public AlertSettings {
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1), was " + alpha);
        }
        if (resamples < 1) {
            throw new IllegalArgumentException("resamples must be at least 1, was " + resamples);
        }
    }

    /** A 5% relative margin, alpha 0.05, 1,000 resamples: the evaluator's defaults (docs/results/alerts.md). */
    public static AlertSettings defaults() {
        return new AlertSettings(Margin.relative(0.05), 0.05, 1_000, 42);
    }
}
