package org.levistream.common.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reads typed values out of a raw settings map (Kafka style: values are strings, or already typed numbers,
 * booleans, lists and classes) and collects every problem instead of stopping at the first.
 *
 * <p>A value that cannot be read is reported and replaced by the default, so that reading can go on and find the
 * next problem; call {@link #throwIfInvalid()} once everything is read. Each message is written by
 * {@link InvalidConfigException#problem(String, Object, String)}, e.g.
 * {@code "schema.registry.max.retries was '-1' but must be at least 0"}. Secrets are never echoed.
 *
 * <p>For settings a module declares itself, prefer {@link SettingDefs}: it holds each key's type, default and rule in
 * one place. This reader serves maps whose keys belong to someone else's format (Confluent's serde keys).
 * Values that wrap a secret (Kafka's {@code Password}) must be unwrapped by the caller: this module knows no Kafka.
 *
 * <p>Not thread-safe: one reader per parse.
 */
public final class ConfigReader {
    /** What a message shows instead of a secret's value. */
    public static final String HIDDEN = "(hidden)";

    private final Map<String, ?> values;
    private final List<String> problems = new ArrayList<>();

    /** @param values the raw settings (copied; null keys and values are ignored) */
    public ConfigReader(Map<String, ?> values) {
        this.values = Map.copyOf(withoutNulls(values));
    }

    /** Whether {@code key} is present with a non-blank value. */
    public boolean has(String key) {
        return raw(key).isPresent();
    }

    /** The trimmed value of {@code key}, empty when absent or blank. */
    public Optional<String> string(String key) {
        return raw(key).map(ConfigReader::text);
    }

    /** The trimmed value of {@code key}, or {@code defaultValue} when absent or blank. */
    public String string(String key, String defaultValue) {
        return string(key).orElse(defaultValue);
    }

    /** A secret (password, user info): like {@link #string(String)}, but messages never show it. */
    public Optional<String> secret(String key) {
        return string(key);
    }

    /** {@code true}/{@code false} in any case, or a {@link Boolean}. */
    public boolean bool(String key, boolean defaultValue) {
        Optional<String> value = string(key);
        if (value.isEmpty()) {
            return defaultValue;
        }
        return switch (value.get().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> {
                problem(key, value.get(), "must be true or false");
                yield defaultValue;
            }
        };
    }

    /** An integer no smaller than {@code min}. */
    public int integer(String key, int defaultValue, int min) {
        long value = longValue(key, defaultValue, min);
        if (value > Integer.MAX_VALUE) {
            problem(key, Long.toString(value), "must be at most " + Integer.MAX_VALUE);
            return defaultValue;
        }
        return (int) value;
    }

    /** A long no smaller than {@code min}. */
    public long longValue(String key, long defaultValue, long min) {
        Optional<String> value = string(key);
        if (value.isEmpty()) {
            return defaultValue;
        }
        long parsed;
        try {
            parsed = Long.parseLong(value.get());
        } catch (NumberFormatException e) {
            problem(key, value.get(), "must be a whole number");
            return defaultValue;
        }
        if (parsed < min) {
            problem(key, value.get(), "must be at least " + min);
            return defaultValue;
        }
        return parsed;
    }

    /** One of {@code type}'s constants, by name in any case. */
    public <E extends Enum<E>> E enumValue(String key, Class<E> type, E defaultValue) {
        Optional<String> value = string(key);
        if (value.isEmpty()) {
            return defaultValue;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(value.get())) {
                return constant;
            }
        }
        problem(key, value.get(), "must be one of " + Arrays.stream(type.getEnumConstants())
                .map(Enum::name).collect(Collectors.joining(", ")));
        return defaultValue;
    }

    /** A comma-separated string or a collection, as a list of trimmed, non-blank entries. */
    public List<String> list(String key) {
        Object value = values.get(key);
        Collection<?> items = value instanceof Collection<?> c ? c : Arrays.asList(text(value == null ? "" : value).split(","));
        return items.stream().map(ConfigReader::text).filter(s -> !s.isEmpty()).toList();
    }

    /** Records a problem with {@code key}'s value; {@code rule} says what is allowed, e.g. "must be positive". */
    public void problem(String key, String value, String rule) {
        problems.add(InvalidConfigException.problem(key, value, rule));
    }

    /** Records a problem that does not fit the key/value/rule pattern (e.g. two settings that contradict). */
    public void problem(String message) {
        problems.add(message);
    }

    /** Adds the problems another reader or config found, so that one exception reports them all. */
    public void addAll(Collection<String> more) {
        problems.addAll(more);
    }

    /** The problems found so far. */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    /** @throws InvalidConfigException listing every problem found, if there is any */
    public void throwIfInvalid() {
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
    }

    private Optional<Object> raw(String key) {
        Object value = values.get(key);
        return value == null || text(value).isEmpty() ? Optional.empty() : Optional.of(value);
    }

    private static String text(Object value) {
        if (value instanceof Class<?> type) {
            return type.getName();
        }
        return value.toString().trim();
    }

    private static Map<String, ?> withoutNulls(Map<String, ?> values) {
        return values.entrySet().stream()
                .filter(e -> e.getKey() != null && e.getValue() != null)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}
