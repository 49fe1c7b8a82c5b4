package org.levistream.ingest.readers;

import java.util.Objects;

/**
 * Where a row was read from: enough for a person to find it and for dead-letter headers.
 *
 * @param file  the file, as given to the reader (or relative to an image tree's root)
 * @param kind  what {@code value} counts
 * @param value a 1-based line number, a 0-based byte offset into the (decompressed) file, or the 0-based index of a
 *              file in an image tree's reading order
 */
public record SourcePosition(String file, Kind kind, long value) {
    /** What a position's value counts. */
    public enum Kind {
        /** 1-based line number. */
        LINE,
        /** 0-based byte offset into the decompressed content. */
        BYTE_OFFSET,
        /** 0-based index of the file among those a tree reader visits; {@code file} is the file itself. */
        FILE
    }

    /** Checks for nulls and negative values. */
    public SourcePosition {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(kind, "kind");
        if (value < 0) {
            throw new IllegalArgumentException("value was " + value + " but must be at least 0");
        }
    }

    /** A line position. */
    public static SourcePosition line(String file, long line) {
        return new SourcePosition(file, Kind.LINE, line);
    }

    /** A byte-offset position. */
    public static SourcePosition byteOffset(String file, long offset) {
        return new SourcePosition(file, Kind.BYTE_OFFSET, offset);
    }

    /** The position of a whole file that is itself one row. */
    public static SourcePosition file(String file, long index) {
        return new SourcePosition(file, Kind.FILE, index);
    }

    /** E.g. {@code u.data:12}, {@code train-images-idx3-ubyte@16}, {@code 3/a.png}. */
    @Override
    public String toString() {
        return switch (kind) {
            case LINE -> file + ":" + value;
            case BYTE_OFFSET -> file + "@" + value;
            case FILE -> file;
        };
    }
}
