package org.levistream.ingest.publish;

/**
 * Ingest stopped on a fatal error (the cluster, the registry, the disk, a fenced producer). Nothing is lost: what
 * the last transaction committed stays, and the same command continues from there.
 */
public class IngestFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** With the cause. */
    public IngestFailedException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Without a cause. */
    public IngestFailedException(String message) {
        super(message);
    }
}
