package org.levistream.trainer.batching;

/**
 * A record that can never be trained on: undecodable bytes, an invalid record, or an image the model cannot take. It
 * is dead-lettered whole and counted by its reason, and the trainer goes on.
 */
public class PoisonRecordException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Bytes that are not Confluent-framed Avro of a readable schema. */
    public static final String DECODE = "decode";
    /** A decoded record that breaks an interaction's rules (blank id, rating out of range). */
    public static final String INVALID_RECORD = "invalid.record";
    /** A record without a value (a tombstone). */
    public static final String EMPTY_VALUE = "empty.value";
    /** An image whose pixels cannot be read: a PNG no decoder takes, or raw bytes that do not fill its size. */
    public static final String IMAGE_UNDECODABLE = "image.undecodable";
    /** An image of another size or channel count than the backbone and the small model take. */
    public static final String IMAGE_WRONG_SIZE = "image.wrong.size";
    /** A label outside the model's classes ({@code model.classes}). */
    public static final String LABEL_OUT_OF_RANGE = "label.out.of.range";

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
