package org.levistream.ingest.readers;

import java.util.Objects;

/**
 * A source row that did not become a record, with what is needed to dead-letter it and to fix the source.
 *
 * @param position where it was read
 * @param reason   the reason class
 * @param message  what exactly was wrong, e.g. {@code "rating was 7 but must be in [0.5, 5]"}
 * @param rawText  the row as read (a text line), or empty for binary sources
 */
public record RejectedRow(SourcePosition position, RejectReason reason, String message, String rawText) {
    /** Checks for nulls. */
    public RejectedRow {
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(rawText, "rawText");
    }

    @Override
    public String toString() {
        return position + " " + reason + ": " + message;
    }
}
