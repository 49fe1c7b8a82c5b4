package org.levistream.evaluator.alerts;

/**
 * How much worse a candidate may be before it counts as degraded: an absolute amount in the metric's units, or a
 * share of the reference's value (0.02 is 2% worse than the reference).
 *
 * @param value    the margin, at least 0
 * @param relative whether {@code value} is a share of the reference's value
 */
public record Margin(double value, boolean relative) {
    /** Checks the value. */
    public Margin {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("a margin must be a finite number at least 0, was " + value);
        }
    }

    /**
     * An absolute margin.
     *
     * @param value in the metric's units
     * @return the margin
     */
    public static Margin absolute(double value) {
        return new Margin(value, false);
    }

    /**
     * A margin relative to the reference's value.
     *
     * @param share e.g. 0.02 for 2%
     * @return the margin
     */
    public static Margin relative(double share) {
        return new Margin(share, true);
    }

    /**
     * The margin in the metric's units.
     *
     * @param referenceValue the reference's value of the metric (its loss or error, so larger is worse)
     * @return the absolute margin
     */
    public double absoluteFor(double referenceValue) {
        return relative ? value * Math.abs(referenceValue) : value;
    }

    @Override
    public String toString() {
        return relative ? value * 100 + "%" : Double.toString(value);
    }
}
