package org.levistream.model.checkpoint;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** A checkpoint directory failed verification: a file is missing, truncated, altered or unlisted. */
public class CorruptCheckpointException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient List<String> problems;

    /**
     * Creates the exception.
     *
     * @param directory the checkpoint
     * @param problems  what {@link CheckpointStore#verify} found
     */
    public CorruptCheckpointException(Path directory, List<String> problems) {
        super("checkpoint " + directory + " is corrupt or incomplete: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /**
     * Returns the problems found.
     *
     * @return one message per problem
     */
    public List<String> problems() {
        return problems;
    }
}
