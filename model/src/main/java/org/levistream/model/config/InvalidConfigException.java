package org.levistream.model.config;

import java.util.List;

/**
 * Thrown when model settings are invalid. The message has one line per problem, and every problem names the
 * key, the value found and the rule it broke, e.g. {@code model.projection.width was 0 but must be at least 1}.
 *
 * <p>Named so that it is never confused with Kafka's {@code ConfigException}.
 */
public class InvalidConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The problems, one message each. */
    private final List<String> problems;

    /**
     * Creates the exception from every problem found.
     *
     * @param problems one message per problem; must not be empty
     */
    public InvalidConfigException(List<String> problems) {
        super(String.join(System.lineSeparator(), problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an InvalidConfigException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    /**
     * Creates the exception for a single problem.
     *
     * @param problem the message naming key, value and rule
     */
    public InvalidConfigException(String problem) {
        this(List.of(problem));
    }

    /**
     * Returns the problems, one message each.
     *
     * @return an unmodifiable list of messages
     */
    public List<String> problems() {
        return problems;
    }
}
