package org.levistream.ingest.readers;

/**
 * A row is bad; thrown by parsers and turned into a {@link RejectedRow} by the reader that called them. Carries no
 * stack trace: it is expected, and a source with many bad rows should not pay for one each.
 */
final class RowException extends Exception {
    private static final long serialVersionUID = 1L;

    private final RejectReason reason;

    RowException(RejectReason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    RejectReason reason() {
        return reason;
    }
}
