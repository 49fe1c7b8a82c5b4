package org.levistream.common.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The rule of one setting, checked against its typed value (in the manner of Kafka's
 * {@code ConfigDef.Validator}). A validator adds one line per broken rule, written by
 * {@link InvalidConfigException#problem(String, Object, String)}, and never throws, so that every problem is
 * reported at once.
 */
@FunctionalInterface
public interface Validator {
    /** The rule of a topic name (Kafka's legal characters). */
    String TOPIC_RULE = "must be a Kafka topic name (letters, digits, '.', '_', '-')";

    /** Accepts every value. */
    Validator ANY = (key, value, problems) -> { };

    /**
     * Checks a value.
     *
     * @param key      the setting's name, for the message
     * @param value    the typed value (an {@code Integer}, {@code Long}, {@code String}, {@code Duration},
     *                 {@code Boolean} or {@code List<String>}); {@code null} when unset
     * @param problems where each broken rule is added as one line
     */
    void check(String key, Object value, List<String> problems);

    /**
     * Returns a validator that checks this rule, then {@code next}.
     *
     * @param next the second rule
     * @return both rules
     */
    default Validator and(Validator next) {
        return (key, value, problems) -> {
            check(key, value, problems);
            next.check(key, value, problems);
        };
    }

    /**
     * A number no smaller than {@code min}.
     *
     * @param min the smallest allowed value
     * @return the validator
     */
    static Validator atLeast(long min) {
        return (key, value, problems) -> {
            if (value instanceof Number n && n.longValue() < min) {
                problems.add(InvalidConfigException.problem(key, value, "must be at least " + min));
            }
        };
    }

    /**
     * A number in {@code [min, max]}.
     *
     * @param min the smallest allowed value
     * @param max the largest allowed value
     * @return the validator
     */
    static Validator between(long min, long max) {
        return (key, value, problems) -> {
            if (value instanceof Number n && n.longValue() < min) {
                problems.add(InvalidConfigException.problem(key, value, "must be at least " + min));
            } else if (value instanceof Number n && n.longValue() > max) {
                problems.add(InvalidConfigException.problem(key, value, "must be at most " + max));
            }
        };
    }

    /**
     * One of the given words, in any case.
     *
     * @param allowed the words
     * @return the validator
     */
    static Validator oneOf(String... allowed) {
        List<String> words = Arrays.asList(allowed);
        return (key, value, problems) -> {
            if (value instanceof String s && words.stream().noneMatch(w -> w.equalsIgnoreCase(s))) {
                problems.add(InvalidConfigException.problem(key, s,
                        "must be one of " + String.join(", ", words)));
            }
        };
    }

    /**
     * A string that matches {@code pattern} in full.
     *
     * @param pattern the pattern
     * @param rule    what is allowed, in words, e.g. {@code must be 1-120 letters, digits, '.', '_' or '-'}
     * @return the validator
     */
    static Validator matches(Pattern pattern, String rule) {
        return (key, value, problems) -> {
            if (value instanceof String s && !pattern.matcher(s).matches()) {
                problems.add(InvalidConfigException.problem(key, s, rule));
            }
        };
    }

    /**
     * A string that is not blank.
     *
     * @param rule what is allowed, e.g. {@code must name at least one host:port}
     * @return the validator
     */
    static Validator nonBlank(String rule) {
        return (key, value, problems) -> {
            if (value == null || value instanceof String s && s.isBlank()) {
                problems.add(InvalidConfigException.problem(key, value == null ? "" : value, rule));
            }
        };
    }

    /**
     * A Kafka topic name; with {@code optional}, an empty string (for "none") passes too.
     *
     * @param optional whether an empty value is allowed
     * @return the validator
     */
    static Validator topicName(boolean optional) {
        Pattern legal = Pattern.compile("[A-Za-z0-9._-]{1,249}");
        return (key, value, problems) -> {
            if (value instanceof String s && !(optional && s.isEmpty())
                    && (!legal.matcher(s).matches() || s.equals(".") || s.equals(".."))) {
                problems.add(InvalidConfigException.problem(key, s, TOPIC_RULE));
            }
        };
    }

    /**
     * A non-empty list whose every entry passes {@code each}.
     *
     * @param rule what an empty list breaks, e.g. {@code must name at least one topic}
     * @param each the rule of every entry
     * @return the validator
     */
    static Validator nonEmptyList(String rule, Validator each) {
        return (key, value, problems) -> {
            if (value instanceof Collection<?> list) {
                if (list.isEmpty()) {
                    problems.add(InvalidConfigException.problem(key, list, rule));
                }
                list.forEach(entry -> each.check(key, entry, problems));
            }
        };
    }

    /**
     * A duration that is not negative (zero allowed).
     *
     * @return the validator
     */
    static Validator notNegative() {
        return (key, value, problems) -> {
            if (value instanceof Duration d && d.isNegative()) {
                problems.add(InvalidConfigException.problem(key, d, "must not be negative"));
            }
        };
    }

    /**
     * A duration longer than zero.
     *
     * @return the validator
     */
    static Validator positive() {
        return (key, value, problems) -> {
            if (value instanceof Duration d && (d.isNegative() || d.isZero())) {
                problems.add(InvalidConfigException.problem(key, d, "must be positive"));
            }
        };
    }
}
