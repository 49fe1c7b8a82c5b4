package org.levistream.common.config;

import java.util.Collection;
import java.util.List;

/**
 * One or more settings were rejected before anything started. The message has one line per problem, in the order
 * they were found, so that a user can fix every problem in one go. Each line reads {@code KEY was VALUE but RULE},
 * e.g. {@code trainer.batch.size was 0 but must be at least 1}; build it with {@link #problem(String, Object, String)}
 * so that every module writes it the same way.
 *
 * <p>Named apart from Kafka's {@code ConfigException} on purpose: ours is thrown by our config records and
 * settings, Kafka's by Kafka's clients. The command line turns it into exit code 2.
 */
public class InvalidConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Lines one problem each, in the order found. */
    private final List<String> problems;

    /**
     * Creates the exception from every problem found.
     *
     * @param problems one line per problem, each built by {@link #problem(String, Object, String)} where it fits
     *                 the key/value/rule pattern; must not be empty
     * @throws IllegalArgumentException if {@code problems} is empty
     */
    public InvalidConfigException(Collection<String> problems) {
        super(String.join("\n", requireSome(problems)));
        this.problems = List.copyOf(problems);
    }

    /**
     * Creates the exception for one problem that fits no key/value/rule pattern, e.g. two settings that contradict.
     *
     * @param problem the whole line
     */
    public InvalidConfigException(String problem) {
        this(List.of(problem));
    }

    /**
     * Creates the exception for one rejected value.
     *
     * @param key   the setting's name as the user writes it, e.g. {@code port}
     * @param value the rejected value, shown as {@link #problem(String, Object, String)} shows it
     * @param rule  what is allowed, e.g. {@code must be 0 (a free port) or in 1..65535}
     */
    public InvalidConfigException(String key, Object value, String rule) {
        this(List.of(problem(key, value, rule)));
    }

    /**
     * Writes one problem line in the one format: {@code KEY was VALUE but RULE}. Text values are quoted so that a
     * blank one is visible ({@code 'levi topic'}); numbers, durations and paths are shown as they print; an
     * absent value reads {@code unset} and an empty collection {@code empty}.
     *
     * @param key   the setting's name, e.g. {@code trainer.batch.size}
     * @param value the value found, or {@code null} when it was not set
     * @param rule  what is allowed, starting with a verb, e.g. {@code must be at least 1}
     * @return e.g. {@code trainer.batch.size was 0 but must be at least 1}
     */
    public static String problem(String key, Object value, String rule) {
        return key + " was " + show(value) + " but " + rule;
    }

    /**
     * Returns the problems, one line each.
     *
     * @return an unmodifiable list, in the order found; never empty
     */
    public List<String> problems() {
        return problems;
    }

    private static String show(Object value) {
        if (value == null) {
            return "unset";
        }
        if (value instanceof Collection<?> list && list.isEmpty()) {
            return "empty";
        }
        return value instanceof CharSequence text ? "'" + text + "'" : String.valueOf(value);
    }

    private static Collection<String> requireSome(Collection<String> problems) {
        if (problems == null || problems.isEmpty()) {
            throw new IllegalArgumentException("an InvalidConfigException needs at least one problem");
        }
        return problems;
    }
}
