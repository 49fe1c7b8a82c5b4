package org.levistream.evaluator.report;

/**
 * One metric of one scoring with its two-sided 95% confidence interval.
 *
 * @param metric the metric, e.g. {@code rmse}
 * @param value  its value
 * @param low    the interval's lower end; NaN when none could be computed (fewer than 2 examples)
 * @param high   its upper end; NaN likewise
 * @param count  the examples it was computed on
 */
public record MetricInterval(String metric, double value, double low, double high, int count) {
    /**
     * Tells whether the interval exists.
     *
     * @return false for fewer than 2 examples
     */
    public boolean hasInterval() {
        return !Double.isNaN(low) && !Double.isNaN(high);
    }

    /**
     * The standard error implied by the interval, for combining independent intervals.
     *
     * @return half the interval's width over 1.96; NaN without an interval
     */
    public double standardError() {
        return (high - low) / (2 * 1.959964);
    }
}
