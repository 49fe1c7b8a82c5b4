package org.levistream.common.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Gathers settings as dotted keys from the places a service reads them, and merges them in one fixed order.
 *
 * <p>Precedence, lowest first:
 * <ol>
 *   <li>built-in defaults ({@link SettingDefs#defaults()});</li>
 *   <li>the YAML settings file ({@link #readYaml(Path)});</li>
 *   <li>{@code LEVI_*} environment variables ({@link #fromEnvironment}): {@code LEVI_TRAINER_BATCH_SIZE} is
 *       {@code trainer.batch.size};</li>
 *   <li>overrides: {@code --set key=value} ({@link #parseAssignments}) and then the command's explicit flags, so a
 *       flag given on the command line beats a {@code --set} of the same key.</li>
 * </ol>
 * A later layer replaces a key of an earlier one; it never removes a key. Nested YAML maps join their keys with
 * dots, so {@code trainer: {batch.size: 200}} and {@code trainer.batch.size: 200} mean the same.
 */
public final class SettingsLayers {
    private static final String ENV_PREFIX = "LEVI_";

    private SettingsLayers() {}

    /**
     * Merges the layers in the documented order, later ones winning.
     *
     * @param defaults    built-in defaults
     * @param file        the settings file's keys, empty when there is none
     * @param environment keys from {@code LEVI_*} variables
     * @param sets        {@code --set} overrides
     * @param flags       the command's explicit flags (only those given)
     * @return the merged settings, sorted by key
     */
    public static Map<String, String> merge(Map<String, String> defaults, Map<String, String> file,
                                            Map<String, String> environment, Map<String, String> sets,
                                            Map<String, String> flags) {
        return mergeInOrder(List.of(defaults, file, environment, sets, flags));
    }

    /**
     * Merges any number of layers, later ones winning.
     *
     * @param lowestFirst settings maps from lowest to highest precedence
     * @return the merged settings, sorted by key
     */
    public static Map<String, String> mergeInOrder(List<Map<String, String>> lowestFirst) {
        Map<String, String> merged = new TreeMap<>();
        lowestFirst.forEach(merged::putAll);
        return merged;
    }

    /**
     * Reads a YAML settings file into dotted keys.
     *
     * @param file the file
     * @return sorted dotted keys to string values (lists joined with commas, nulls as empty strings)
     * @throws InvalidConfigException if the file cannot be read or does not hold a map
     */
    public static Map<String, String> readYaml(Path file) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Object root = new Yaml(new SafeConstructor(options)).load(in);
            Map<String, String> flat = new TreeMap<>();
            if (root == null) {
                return flat;
            }
            if (!(root instanceof Map<?, ?> map)) {
                throw new InvalidConfigException("the settings file " + file + " holds a "
                        + root.getClass().getSimpleName() + " but must hold a map of settings");
            }
            flatten("", map, flat);
            return flat;
        } catch (IOException e) {
            throw new InvalidConfigException("the settings file " + file + " cannot be read: " + why(e));
        } catch (YAMLException e) {
            throw new InvalidConfigException("the settings file " + file + " is not valid YAML: " + e.getMessage());
        }
    }

    /** Why a file could not be read, in words: Java's file exceptions often carry only the path. */
    static String why(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /**
     * Picks the settings that {@code LEVI_*} environment variables give: the rest of the name in lower case, with
     * {@code _} read as {@code .}.
     *
     * @param env     the environment, e.g. {@code System.getenv()}
     * @param accepts which dotted keys the service reads from the environment
     * @return sorted dotted keys to values
     */
    public static Map<String, String> fromEnvironment(Map<String, String> env, Predicate<String> accepts) {
        Map<String, String> settings = new TreeMap<>();
        env.forEach((name, value) -> environmentKey(name).filter(accepts).ifPresent(key -> settings.put(key, value)));
        return settings;
    }

    /**
     * Returns the dotted key a {@code LEVI_*} variable would set, as {@link #fromEnvironment} reads it.
     *
     * @param variable an environment variable's name, e.g. {@code LEVI_TRAINER_BATCH_SIZE}
     * @return e.g. {@code trainer.batch.size}; empty when the name does not start with {@code LEVI_}
     */
    public static Optional<String> environmentKey(String variable) {
        if (!variable.startsWith(ENV_PREFIX) || variable.length() == ENV_PREFIX.length()) {
            return Optional.empty();
        }
        return Optional.of(variable.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'));
    }

    /**
     * Returns the {@code LEVI_*} variable that sets a dotted key: the inverse of {@link #environmentKey}.
     *
     * @param key e.g. {@code trainer.batch.size}
     * @return e.g. {@code LEVI_TRAINER_BATCH_SIZE}
     */
    public static String environmentVariable(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    /**
     * Parses {@code key=value} overrides; the key and value are trimmed and the value may contain {@code =}.
     *
     * @param assignments e.g. {@code model.method=ft}
     * @return dotted keys to values, in the order given (a later assignment of a key wins)
     * @throws InvalidConfigException naming every assignment without a key and {@code =}
     */
    public static Map<String, String> parseAssignments(Collection<String> assignments) {
        Map<String, String> settings = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (String assignment : assignments) {
            int eq = assignment.indexOf('=');
            if (eq < 1) {
                problems.add(InvalidConfigException.problem("--set", assignment, "must be key=value"));
            } else {
                settings.put(assignment.substring(0, eq).trim(), assignment.substring(eq + 1).trim());
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
        return settings;
    }

    private static void flatten(String prefix, Map<?, ?> map, Map<String, String> into) {
        map.forEach((k, v) -> {
            String key = prefix + k;
            if (v instanceof Map<?, ?> nested) {
                flatten(key + ".", nested, into);
            } else if (v instanceof Collection<?> list) {
                into.put(key, String.join(",", list.stream().map(String::valueOf).toList()));
            } else {
                into.put(key, v == null ? "" : String.valueOf(v));
            }
        });
    }
}
