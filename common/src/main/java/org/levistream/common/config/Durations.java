package org.levistream.common.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Parses durations as people write them in settings: {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h} or ISO-8601. */
public final class Durations {
    private Durations() {}

    /**
     * Parses a duration.
     *
     * @param text e.g. {@code 5s}, {@code PT5S}, {@code 0}
     * @return the duration
     * @throws IllegalArgumentException if the text is none of the forms
     */
    public static Duration parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.startsWith("pt") || t.startsWith("-pt")) {
                return Duration.parse(t.toUpperCase(Locale.ROOT));
            }
            if (t.equals("0")) {
                return Duration.ZERO;
            }
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2).trim()));
            }
            long n = Long.parseLong(t.substring(0, t.length() - 1).trim());
            return switch (t.charAt(t.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> throw new IllegalArgumentException(t);
            };
        } catch (DateTimeParseException | NumberFormatException | StringIndexOutOfBoundsException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    /**
     * Formats a duration the way {@link #parse} reads it.
     *
     * @param d the duration
     * @return e.g. {@code 5000ms}
     */
    public static String format(Duration d) {
        return d.toMillis() + "ms";
    }
}
