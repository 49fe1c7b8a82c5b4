package org.levistream.ingest.split;

import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.levistream.common.config.InvalidConfigException;

/**
 * Typed access to values SnakeYAML loaded, collecting problems instead of throwing. Each getter returns {@code null}
 * after recording a problem that names the key's path, the value found and what is allowed, so the caller can go on
 * and find the next problem; {@link #failure()} turns them all into one {@link InvalidConfigException}.
 */
final class YamlValues {
    private final String origin;
    private final List<String> problems = new ArrayList<>();

    YamlValues(String origin) {
        this.origin = origin;
    }

    void add(String problem) {
        problems.add(problem);
    }

    int count() {
        return problems.size();
    }

    InvalidConfigException failure() {
        List<String> lines = new ArrayList<>();
        for (String p : problems) {
            lines.add(origin + ": " + p);
        }
        return new InvalidConfigException(lines);
    }

    Instant instant(Object value, String path) {
        if (value instanceof Date date) {
            return date.toInstant();    // SnakeYAML reads unquoted ISO dates and times as UTC Dates
        }
        String allowed = "an ISO date (2003-01-01, UTC) or instant (2003-01-01T00:00:00Z)";
        if (value instanceof String text) {
            try {
                return parseInstant(text.strip());
            } catch (DateTimeParseException e) {
                problem(path, value, allowed);
                return null;
            }
        }
        problem(path, value, allowed);
        return null;
    }

    private static Instant parseInstant(String text) {
        if (text.length() == 10) {
            return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
        }
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> map(Object value, String path, String allowed) {
        if (value instanceof Map<?, ?> m) {
            for (Object key : m.keySet()) {
                if (!(key instanceof String)) {
                    problem(path, value, allowed + " (keys must be names, found " + key + ")");
                    return null;
                }
            }
            return (Map<String, Object>) m;
        }
        problem(path, value, allowed);
        return null;
    }

    @SuppressWarnings("unchecked")
    List<Object> list(Object value, String path, String allowed) {
        if (value instanceof List<?> l) {
            return (List<Object>) l;
        }
        problem(path, value, allowed);
        return null;
    }

    String string(Object value, String path, String allowed) {
        if (value instanceof String s && !s.isBlank()) {
            return s.strip();
        }
        problem(path, value, allowed);
        return null;
    }

    String optionalString(Object value, String path, String defaultValue) {
        return value == null ? defaultValue : string(value, path, "a non-blank text");
    }

    Double number(Object value, String path, String allowed) {
        if (value instanceof Number n && !(value instanceof BigInteger) && Double.isFinite(n.doubleValue())) {
            return n.doubleValue();
        }
        problem(path, value, allowed);
        return null;
    }

    Long integer(Object value, String path, String allowed) {
        if (value instanceof Integer || value instanceof Long) {
            return ((Number) value).longValue();
        }
        problem(path, value, allowed);
        return null;
    }

    boolean fitsInt(long value, String path) {
        if (value != (int) value) {
            problem(path, value, "a number between " + Integer.MIN_VALUE + " and " + Integer.MAX_VALUE);
            return false;
        }
        return true;
    }

    boolean allowOnly(Map<String, Object> map, String path, List<String> allowed) {
        boolean ok = true;
        for (String key : map.keySet()) {
            if (!allowed.contains(key)) {
                problems.add((path.isEmpty() ? "" : path + ".") + key + " is not a setting here; allowed: "
                        + String.join(", ", allowed));
                ok = false;
            }
        }
        return ok;
    }

    void problem(String path, Object value, String allowed) {
        problems.add((path.isEmpty() ? "the document" : path) + " was " + show(value) + " but must be " + allowed);
    }

    /**
     * Records a record constructor's message under {@code path}. The message starts with the setting's name
     * ("fraction was 1.5 ...": joined with '.') or with a verb about the whole setting ("was ...", "needs ...").
     */
    <T> T fromRecord(String path, IllegalArgumentException e) {
        String message = e.getMessage();
        if (path.isEmpty()) {
            problems.add(message);
        } else {
            boolean aboutPath = message.startsWith("was ") || message.startsWith("needs ");
            problems.add(path + (aboutPath ? " " : ".") + message);
        }
        return null;
    }

    /** {@code make(value)}, or null when an earlier check already failed. */
    static <N, T> T ifSet(N value, java.util.function.Function<N, T> make) {
        return value == null ? null : make.apply(value);
    }

    private static String show(Object value) {
        if (value == null) {
            return "empty";
        }
        if (value instanceof String s) {
            return "'" + s + "'";
        }
        if (value instanceof Date d) {
            return d.toInstant().toString();
        }
        return String.valueOf(value);
    }
}
