package org.levistream.ingest.readers;

/**
 * A source cannot be read at all: a missing file, a wrong IDX magic number, a CSV header without a required column,
 * image and label files of different lengths. Unlike a bad row, this stops the run; the message names the file and
 * what was expected.
 */
public class InvalidSourceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message names the file, what was found and what was expected */
    public InvalidSourceException(String message) {
        super(message);
    }

    /** @param message names the file and what went wrong; {@code cause} the I/O failure behind it */
    public InvalidSourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
