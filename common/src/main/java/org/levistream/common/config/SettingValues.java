package org.levistream.common.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Typed settings read by {@link SettingDefs#parse(Map)}, with every problem found so far. A caller that checks more
 * (settings of another part, rules across keys) adds its problems here and calls {@link #throwIfInvalid()} once, so
 * that one {@link InvalidConfigException} reports them all.
 *
 * <p>Not thread-safe while problems are being added.
 */
public final class SettingValues {
    private final Map<String, Object> values;
    private final Map<String, String> raw;
    private final List<String> problems;

    SettingValues(Map<String, Object> values, Map<String, String> raw, List<String> problems) {
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
        this.raw = Collections.unmodifiableMap(new TreeMap<>(raw));
        this.problems = new ArrayList<>(problems);
    }

    /**
     * Returns a declared text setting.
     *
     * @param key a declared {@code STRING} key
     * @return its value; an empty string when it has neither a value nor a default
     */
    public String string(String key) {
        Object v = value(key);
        return v == null ? "" : (String) v;
    }

    /**
     * Returns a declared text setting that may be unset.
     *
     * @param key a declared {@code STRING} key
     * @return its value, or empty when unset or blank
     */
    public Optional<String> optionalString(String key) {
        return Optional.of(string(key)).filter(s -> !s.isEmpty());
    }

    /**
     * Returns a declared {@code INT} setting.
     *
     * @param key the key
     * @return its value
     */
    public int integer(String key) {
        return (Integer) required(key);
    }

    /**
     * Returns a declared {@code LONG} setting.
     *
     * @param key the key
     * @return its value
     */
    public long longValue(String key) {
        return (Long) required(key);
    }

    /**
     * Returns a declared {@code BOOLEAN} setting.
     *
     * @param key the key
     * @return its value
     */
    public boolean bool(String key) {
        return (Boolean) required(key);
    }

    /**
     * Returns a declared {@code DURATION} setting.
     *
     * @param key the key
     * @return its value
     */
    public Duration duration(String key) {
        return (Duration) required(key);
    }

    /**
     * Returns a declared {@code LIST} setting.
     *
     * @param key the key
     * @return its entries; empty when unset
     */
    @SuppressWarnings("unchecked")
    public List<String> list(String key) {
        Object v = value(key);
        return v == null ? List.of() : (List<String>) v;
    }

    /**
     * Returns whether a declared setting has a non-blank value, given or by default.
     *
     * @param key the key
     * @return whether it is set
     */
    public boolean isSet(String key) {
        Object v = value(key);
        return v != null && !(v instanceof String s && s.isEmpty());
    }

    /**
     * Returns whether a setting was given a non-blank value (its default does not count).
     *
     * @param key the key
     * @return whether the merged settings hold it
     */
    public boolean given(String key) {
        String text = raw.get(key);
        return text != null && !text.isBlank();
    }

    /**
     * Returns the settings under a prefix as given, prefix removed: pass-through settings such as Kafka clients'.
     *
     * @param prefix e.g. {@code trainer.consumer.}
     * @return sorted keys without the prefix to their text
     */
    public Map<String, String> withPrefix(String prefix) {
        Map<String, String> out = new TreeMap<>();
        raw.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }

    /**
     * Returns the settings as given (deprecated keys renamed), undeclared ones included.
     *
     * @return sorted keys to their text
     */
    public Map<String, String> raw() {
        return raw;
    }

    /**
     * Adds one problem line, e.g. from {@link InvalidConfigException#problem(String, Object, String)}.
     *
     * @param problem the line
     */
    public void addProblem(String problem) {
        problems.add(problem);
    }

    /**
     * Adds problems found elsewhere, e.g. another part's {@link InvalidConfigException#problems()}.
     *
     * @param more the lines
     */
    public void addProblems(Collection<String> more) {
        problems.addAll(more);
    }

    /**
     * Returns the problems found so far.
     *
     * @return a copy, in the order found
     */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    /**
     * Throws if any problem was found.
     *
     * @throws InvalidConfigException listing every problem
     */
    public void throwIfInvalid() {
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
    }

    private Object value(String key) {
        if (!values.containsKey(key)) {
            throw new IllegalArgumentException(key + " is not declared");
        }
        return values.get(key);
    }

    private Object required(String key) {
        Object v = value(key);
        if (v == null) {
            throw new IllegalStateException(key + " has no value and no default");
        }
        return v;
    }
}
