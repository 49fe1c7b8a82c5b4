package org.levistream.evaluator.alerts;

/**
 * The outcome of one paired test of a candidate version against its reference on one topic and metric. Every value
 * is oriented so that larger is worse: for accuracy the values are error rates (1 - accuracy).
 *
 * @param metric     the metric tested, e.g. {@code rmse}
 * @param n          examples both versions were scored on
 * @param candidate  the candidate's value (a loss or error)
 * @param reference  the reference's value
 * @param difference candidate minus reference: how much worse the candidate is
 * @param low        lower end of the difference's two-sided 95% interval
 * @param high       upper end of that interval
 * @param margin     the absolute margin the test allowed
 * @param pValue     the one-sided p-value of "the difference exceeds the margin"
 * @param rule       the test, for a person: e.g. {@code paired t, one-sided, margin 0.01}
 */
public record Degradation(String metric, int n, double candidate, double reference, double difference, double low,
                          double high, double margin, double pValue, String rule) {
    /** Checks the p-value. */
    public Degradation {
        if (!(pValue >= 0 && pValue <= 1)) {
            throw new IllegalArgumentException("a p-value must be in [0, 1], was " + pValue);
        }
    }
}
