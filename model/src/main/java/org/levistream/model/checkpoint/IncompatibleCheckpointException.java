package org.levistream.model.checkpoint;

import java.util.List;

/**
 * A valid checkpoint that cannot be restored into this trainer: other settings, another backbone, or parameters
 * and optimizer state of other names or shapes. The message lists every difference, naming the file.
 */
public class IncompatibleCheckpointException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param problems one message per difference
     */
    public IncompatibleCheckpointException(List<String> problems) {
        super(String.join(System.lineSeparator(), problems));
    }
}
