package org.levistream.common.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The type of a declared setting's value (see {@link SettingDefs}), and how its text is read. A text that cannot be
 * read adds one problem line naming the key, the text and what is allowed.
 */
public enum SettingType {
    /** Trimmed text. */
    STRING,
    /** A whole number that fits an {@code int}. */
    INT,
    /** A whole number that fits a {@code long}. */
    LONG,
    /** {@code true} or {@code false}, in any case. */
    BOOLEAN,
    /** {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}, {@code 0} or ISO-8601 ({@link Durations}). */
    DURATION,
    /** Comma-separated entries, trimmed, blanks dropped. */
    LIST;

    /**
     * Reads a setting's text as this type.
     *
     * @param key      the setting's name, for the message
     * @param text     its text
     * @param problems where a problem is added when the text is not of this type
     * @return the typed value ({@code String}, {@code Integer}, {@code Long}, {@code Boolean}, {@code Duration} or
     *     {@code List<String>}), or {@code null} when the text could not be read
     */
    Object read(String key, String text, List<String> problems) {
        String t = text.trim();
        return switch (this) {
            case STRING -> t;
            case INT, LONG -> number(key, t, problems);
            case BOOLEAN -> bool(key, t, problems);
            case DURATION -> duration(key, t, problems);
            case LIST -> Arrays.stream(t.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        };
    }

    private Object number(String key, String t, List<String> problems) {
        long n;
        try {
            n = Long.parseLong(t);
        } catch (NumberFormatException e) {
            problems.add(InvalidConfigException.problem(key, t, "must be a whole number"));
            return null;
        }
        if (this == LONG) {
            return n;
        }
        if (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) {
            problems.add(InvalidConfigException.problem(key, t, "must be a whole number from " + Integer.MIN_VALUE
                    + " to " + Integer.MAX_VALUE));
            return null;
        }
        return (int) n;
    }

    private static Object bool(String key, String t, List<String> problems) {
        return switch (t.toLowerCase(Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> {
                problems.add(InvalidConfigException.problem(key, t, "must be true or false"));
                yield null;
            }
        };
    }

    private static Object duration(String key, String t, List<String> problems) {
        try {
            return Durations.parse(t);
        } catch (IllegalArgumentException e) {
            problems.add(InvalidConfigException.problem(key, t, "must be a duration such as 500ms, 5s, 2m or PT5S"));
            return null;
        }
    }
}
