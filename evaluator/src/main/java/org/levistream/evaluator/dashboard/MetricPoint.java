package org.levistream.evaluator.dashboard;

/**
 * One model version's score on one series.
 *
 * @param version the model version scored
 * @param value   the metric's value
 * @param low     the lower end of its 95% confidence interval; {@code null} where none was computed
 * @param high    the upper end of its 95% confidence interval; {@code null} where none was computed
 * @param count   how many records the value was computed on
 */
public record MetricPoint(long version, double value, Double low, Double high, long count) {
}
