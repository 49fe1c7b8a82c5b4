package org.levistream.schemas.config;

import java.util.List;

/**
 * One or more settings are invalid. The message holds one line per problem, each naming the key, the value found
 * and the rule it broke, so that a user can fix every problem in one go.
 *
 * <p>Named apart from Kafka's {@code ConfigException} on purpose: ours is thrown by our config records, Kafka's by
 * Kafka's clients.
 */
public class InvalidConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    /**
     * @param problems one entry per problem, e.g. {@code "trainer.batch.size was 0 but must be at least 1"};
     *                 must not be empty
     */
    public InvalidConfigException(List<String> problems) {
        super(String.join("\n", requireSome(problems)));
        this.problems = List.copyOf(problems);
    }

    /** The problems, in the order they were found. */
    public List<String> problems() {
        return problems;
    }

    private static List<String> requireSome(List<String> problems) {
        if (problems == null || problems.isEmpty()) {
            throw new IllegalArgumentException("an InvalidConfigException needs at least one problem");
        }
        return problems;
    }
}
