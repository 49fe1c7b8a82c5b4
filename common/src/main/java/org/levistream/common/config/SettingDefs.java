package org.levistream.common.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service's settings, each declared once with its type, default, rule and documentation, in the manner of
 * Kafka's {@code ConfigDef}. {@link #parse(Map)} turns a merged settings map (see {@link SettingsLayers}) into
 * typed {@link SettingValues}, collecting every problem instead of stopping at the first.
 *
 * <pre>{@code
 * static final SettingDefs DEFS = new SettingDefs()
 *         .define("trainer.batch.size", SettingType.INT, "200", Validator.atLeast(1), "Examples per step.")
 *         .deprecatedAlias("trainer.deadletter.topic", "dead.letter.topic")
 *         .owns("trainer.").passThrough("trainer.consumer.");
 * }</pre>
 *
 * <p>Built once (usually in a {@code static final} field) and read-only afterwards; then safe to share.
 */
public final class SettingDefs {
    private static final Logger LOG = LoggerFactory.getLogger(SettingDefs.class);

    /**
     * One declared setting.
     *
     * @param key          the dotted key, e.g. {@code trainer.batch.size}
     * @param type         how its text is read
     * @param defaultValue the default as text, or {@code null} for none (the value is then unset unless given)
     * @param validator    its rule, checked against the typed value
     * @param doc          what it means, for help and docs
     */
    public record Def(String key, SettingType type, String defaultValue, Validator validator, String doc) {
        /** Checks that every part is there. */
        public Def {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(validator, "validator");
            Objects.requireNonNull(doc, "doc");
        }
    }

    private final Map<String, Def> defs = new LinkedHashMap<>();
    private final Map<String, String> aliases = new LinkedHashMap<>();
    private final List<String> owned = new ArrayList<>();
    private final List<String> passThrough = new ArrayList<>();

    /**
     * Declares a setting.
     *
     * @param key          the dotted key
     * @param type         how its text is read
     * @param defaultValue the default as text, or {@code null} for none
     * @param validator    its rule
     * @param doc          what it means
     * @return this, for chaining
     * @throws IllegalArgumentException if the key is declared twice, or the default breaks the type or the rule
     */
    public SettingDefs define(String key, SettingType type, String defaultValue, Validator validator, String doc) {
        Def def = new Def(key, type, defaultValue, validator, doc);
        if (defs.putIfAbsent(key, def) != null) {
            throw new IllegalArgumentException(key + " is declared twice");
        }
        if (defaultValue != null) {
            List<String> problems = new ArrayList<>();
            Object typed = def.type().read(key, defaultValue, problems);
            validator.check(key, typed, problems);
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("the default of " + key + " is invalid: " + problems);
            }
        }
        return this;
    }

    /**
     * Declares a setting that any value of its type is good for.
     *
     * @param key          the dotted key
     * @param type         how its text is read
     * @param defaultValue the default as text, or {@code null} for none
     * @param doc          what it means
     * @return this, for chaining
     */
    public SettingDefs define(String key, SettingType type, String defaultValue, String doc) {
        return define(key, type, defaultValue, Validator.ANY, doc);
    }

    /**
     * Declares every setting and alias of {@code shared} here too: for a setting several services read under one
     * key, declared once where they all can see it.
     *
     * @param shared the shared declarations
     * @return this, for chaining
     * @throws IllegalArgumentException if a key is declared here already
     */
    public SettingDefs include(SettingDefs shared) {
        shared.defs.values().forEach(d -> define(d.key(), d.type(), d.defaultValue(), d.validator(), d.doc()));
        shared.aliases.forEach(this::deprecatedAlias);
        return this;
    }

    /**
     * Accepts {@code oldKey} as a deprecated name of {@code newKey}: it is read as {@code newKey} with one WARN
     * naming the new key, so that existing settings files keep working.
     *
     * @param oldKey the old name
     * @param newKey the declared name
     * @return this, for chaining
     */
    public SettingDefs deprecatedAlias(String oldKey, String newKey) {
        if (!defs.containsKey(newKey)) {
            throw new IllegalArgumentException(newKey + " must be declared before its alias " + oldKey);
        }
        aliases.put(oldKey, newKey);
        return this;
    }

    /**
     * Claims a key prefix: a key under it that is neither declared nor passed through is reported as unknown (a
     * typo such as {@code trainer.batch.sise} should not be ignored).
     *
     * @param prefix e.g. {@code trainer.}
     * @return this, for chaining
     */
    public SettingDefs owns(String prefix) {
        owned.add(prefix);
        return this;
    }

    /**
     * Lets keys under a prefix through unchecked, for settings someone else validates (Kafka client settings).
     *
     * @param prefix e.g. {@code trainer.consumer.}
     * @return this, for chaining
     */
    public SettingDefs passThrough(String prefix) {
        passThrough.add(prefix);
        return this;
    }

    /**
     * Returns the declaration of a key.
     *
     * @param key the dotted key
     * @return its declaration
     * @throws IllegalArgumentException if the key is not declared
     */
    public Def def(String key) {
        Def def = defs.get(key);
        if (def == null) {
            throw new IllegalArgumentException(key + " is not declared");
        }
        return def;
    }

    /**
     * Returns the declared keys.
     *
     * @return the keys, sorted
     */
    public Set<String> keys() {
        return Collections.unmodifiableSet(new TreeSet<>(defs.keySet()));
    }

    /**
     * Returns whether this service reads {@code key}: declared, a deprecated alias, or under a passed-through
     * prefix. Used to pick keys out of the environment.
     *
     * @param key a dotted key
     * @return whether it belongs here
     */
    public boolean reads(String key) {
        return defs.containsKey(key) || aliases.containsKey(key) || passThrough.stream().anyMatch(key::startsWith);
    }

    /**
     * Returns the built-in defaults: the lowest layer of {@link SettingsLayers#merge}.
     *
     * @return the declared keys that have a default, sorted, to their default text
     */
    public Map<String, String> defaults() {
        Map<String, String> d = new TreeMap<>();
        defs.values().forEach(def -> {
            if (def.defaultValue() != null) {
                d.put(def.key(), def.defaultValue());
            }
        });
        return Collections.unmodifiableMap(d);
    }

    /**
     * Renames deprecated keys of one layer to their declared names, logging one WARN per old key found. Apply it
     * to each layer before merging, so that an old key in the file still beats the default of the new one; where
     * a layer holds both names, the new one wins.
     *
     * @param layer one layer's settings
     * @return a copy with declared names only
     */
    public Map<String, String> canonical(Map<String, String> layer) {
        return canonical(layer, LOG::warn);
    }

    /**
     * Like {@link #canonical(Map)}, handing each warning to {@code warnings} instead of the log.
     *
     * @param layer    one layer's settings
     * @param warnings receives one line per deprecated key found
     * @return a copy with declared names only
     */
    public Map<String, String> canonical(Map<String, String> layer, Consumer<String> warnings) {
        Map<String, String> out = new TreeMap<>(layer);
        aliases.forEach((oldKey, newKey) -> {
            if (out.containsKey(oldKey)) {
                String value = out.remove(oldKey);
                warnings.accept(oldKey + " is deprecated; use " + newKey + " instead");
                out.putIfAbsent(newKey, value);
            }
        });
        return out;
    }

    /**
     * Reads and checks settings: each declared key's text is read as its type (the default where absent or
     * blank), checked against its rule, and unknown keys under an owned prefix are reported. A value that fails
     * is reported and replaced by its default, so that reading goes on to find the next problem.
     *
     * @param settings merged settings; deprecated keys are renamed first ({@link #canonical(Map)})
     * @return the typed values and every problem found; call {@link SettingValues#throwIfInvalid()} once the
     *     caller has added its own
     */
    public SettingValues parse(Map<String, String> settings) {
        Map<String, String> raw = canonical(settings);
        List<String> problems = new ArrayList<>();
        Map<String, Object> values = new LinkedHashMap<>();
        for (String key : raw.keySet()) {
            if (!defs.containsKey(key) && owned.stream().anyMatch(key::startsWith)
                    && passThrough.stream().noneMatch(key::startsWith)) {
                problems.add(unknown(key));
            }
        }
        for (Def def : defs.values()) {
            String text = raw.get(def.key());
            boolean given = text != null && !text.isBlank();
            Object typed = null;
            if (given) {
                List<String> found = new ArrayList<>();
                typed = def.type().read(def.key(), text, found);
                if (found.isEmpty()) {
                    def.validator().check(def.key(), typed, found);
                }
                if (!found.isEmpty()) {
                    problems.addAll(found);
                    given = false;
                }
            }
            if (!given) {
                typed = def.defaultValue() == null ? null : def.type().read(def.key(), def.defaultValue(), new ArrayList<>());
            }
            values.put(def.key(), typed);
        }
        return new SettingValues(values, raw, problems);
    }

    /**
     * Checks a typed value against its key's rule; for config records' compact constructors, so that a record
     * built without {@link #parse} obeys the same rules.
     *
     * @param key      a declared key
     * @param value    its typed value
     * @param problems where each broken rule is added
     */
    public void check(String key, Object value, List<String> problems) {
        def(key).validator().check(key, value, problems);
    }

    /** The problem of an unknown key: the closest known keys, not all of them (a typo is the usual cause). */
    private String unknown(String key) {
        Set<String> known = owned();
        int limit = Math.max(2, key.length() / 4);
        List<String> close = known.stream()
                .filter(k -> distance(k, key) <= limit)
                .sorted(java.util.Comparator.comparingInt((String k) -> distance(k, key)).thenComparing(k -> k))
                .limit(3).toList();
        return key + " is not a known setting; " + (close.isEmpty()
                ? "no known one is close (" + known.size() + " settings are known; --help lists them)"
                : "did you mean " + String.join(" or ", close) + "?");
    }

    static int distance(String a, String b) {
        return Spelling.distance(a, b);
    }

    private Set<String> owned() {
        Set<String> known = new TreeSet<>();
        for (String key : defs.keySet()) {
            if (owned.stream().anyMatch(key::startsWith)) {
                known.add(key);
            }
        }
        return known;
    }
}
