package org.levistream.trainer.batching;

/**
 * A record that can never be trained on: undecodable bytes or an invalid interaction. It is dead-lettered and
 * counted, and the trainer goes on.
 */
public class PoisonRecordException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Bytes that are not Confluent-framed Avro of a readable schema. */
    public static final String DECODE = "decode";
    /** A decoded record that breaks an interaction's rules (blank id, rating out of range). */
    public static final String INVALID_RECORD = "invalid.record";
    /** A record without a value (a tombstone). */
    public static final String EMPTY_VALUE = "empty.value";

    private final String reason;

    /**
     * Creates the exception.
     *
     * @param reason  the reason tag, one of the constants
     * @param message what exactly was wrong
     * @param cause   the underlying failure, or {@code null}
     */
    public PoisonRecordException(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /**
     * Returns the reason tag, for the dead letter's header and the metric's tag.
     *
     * @return e.g. {@value #DECODE}
     */
    public String reason() {
        return reason;
    }
}
