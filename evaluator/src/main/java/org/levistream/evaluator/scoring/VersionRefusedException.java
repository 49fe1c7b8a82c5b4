package org.levistream.evaluator.scoring;

/**
 * A version the evaluator will not score: its checkpoint is missing, outside the checkpoint root, altered, or made
 * with settings the evaluator cannot reproduce. The version is logged, counted and passed over; the stream goes on.
 */
public final class VersionRefusedException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why: a short tag for the metric. */
    private final String reason;

    /**
     * Creates the refusal.
     *
     * @param reason  a short tag, e.g. {@code outside-root}
     * @param message one line a person can act on
     */
    public VersionRefusedException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    /**
     * Returns the short tag.
     *
     * @return e.g. {@code hash-mismatch}
     */
    public String reason() {
        return reason;
    }
}
