package org.levistream.ingest.readers;

import java.util.Objects;

/**
 * One step of a {@link RecordReader}: a record or a rejected row, each with its source position. Java 17 callers
 * branch with {@code instanceof ReadResult.Accepted<T> a}.
 *
 * @param <T> the record type
 */
public sealed interface ReadResult<T> permits ReadResult.Accepted, ReadResult.Rejected {
    /** Where this row was read. */
    SourcePosition position();

    /** Whether this is an {@link Accepted} record. */
    default boolean isAccepted() {
        return this instanceof Accepted;
    }

    /**
     * A record read successfully.
     *
     * @param value    the record
     * @param position where it was read
     * @param <T>      the record type
     */
    record Accepted<T>(T value, SourcePosition position) implements ReadResult<T> {
        /** Checks for nulls. */
        public Accepted {
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(position, "position");
        }
    }

    /**
     * A row that did not become a record.
     *
     * @param row the row, its reason and position
     * @param <T> the record type the reader would have produced
     */
    record Rejected<T>(RejectedRow row) implements ReadResult<T> {
        /** Checks for nulls. */
        public Rejected {
            Objects.requireNonNull(row, "row");
        }

        @Override
        public SourcePosition position() {
            return row.position();
        }
    }
}
