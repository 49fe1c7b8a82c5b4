package org.levistream.trainer.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.levistream.model.device.DeviceChoice;
import org.levistream.model.levi.ModelSpec;
import org.levistream.common.config.ConfigReader;
import org.levistream.common.config.InvalidConfigException;
import org.levistream.trainer.position.EndPoint;
import org.levistream.trainer.position.StartPoint;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Gathers the trainer's settings as dotted keys from a YAML file, the environment and overrides, and turns them into
 * a {@link TrainerConfig}.
 *
 * <p>Precedence, lowest first: built-in defaults, the file, {@code LEVI_*} environment variables
 * ({@code LEVI_TRAINER_BATCH_SIZE} is {@code trainer.batch.size}; only {@code trainer.}, {@code model.} and
 * {@code schema.registry.} keys), then overrides ({@code --set key=value} and command-line flags). Nested YAML maps
 * join their keys with dots, so {@code trainer: {batch.size: 200}} and {@code trainer.batch.size: 200} mean the
 * same.
 */
public final class TrainerSettings {
    /** Defaults of the trainer's own keys; {@code model.*} defaults are {@link ModelSpec}'s. */
    public static final Map<String, String> DEFAULTS = defaults();

    private static final List<String> ENV_PREFIXES = List.of("trainer.", "model.", "schema.registry.");
    private static final Set<String> KNOWN = new TreeSet<>(List.of(TrainerConfig.EXPERIMENT,
            TrainerConfig.BOOTSTRAP_SERVERS, TrainerConfig.INPUT_TOPICS, TrainerConfig.GROUP_ID,
            TrainerConfig.CHECKPOINT_DIR, TrainerConfig.BATCH_SIZE, TrainerConfig.CHECKPOINT_EVERY_STEPS,
            TrainerConfig.CHECKPOINT_EVERY, TrainerConfig.RETAIN_LAST, TrainerConfig.RETAIN_BEST,
            TrainerConfig.DEAD_LETTER_TOPIC, TrainerConfig.CHECKPOINTS_TOPIC, TrainerConfig.HOLDOUT_TOPIC,
            TrainerConfig.HOLDOUT_SAMPLE, TrainerConfig.QUEUE_DEPTH, TrainerConfig.IDLE_SKIP, TrainerConfig.METRICS_PORT,
            TrainerConfig.DEVICE, TrainerConfig.BACKBONE_STORE, TrainerConfig.BACKBONE_HASH,
            TrainerConfig.BACKBONE_CATALOG, TrainerConfig.BACKBONE_NAME,
            TrainerConfig.BACKBONE_TORCHSCRIPT, TrainerConfig.BACKBONE_INPUT_SHAPE, TrainerConfig.FEATURES,
            TrainerConfig.FEATURES_GLOVE, TrainerConfig.FEATURES_RECENT_ITEMS, TrainerConfig.FEATURES_MAX_USERS,
            TrainerConfig.START, TrainerConfig.END));

    private TrainerSettings() {}

    private static Map<String, String> defaults() {
        Map<String, String> d = new TreeMap<>();
        d.put(TrainerConfig.BOOTSTRAP_SERVERS, "localhost:9092");
        d.put("schema.registry.url", "http://localhost:8081");
        d.put(TrainerConfig.INPUT_TOPICS, "levi.interactions");
        d.put(TrainerConfig.BATCH_SIZE, "200");
        d.put(TrainerConfig.CHECKPOINT_EVERY_STEPS, "1000");
        d.put(TrainerConfig.CHECKPOINT_EVERY, "5s");
        d.put(TrainerConfig.RETAIN_LAST, "3");
        d.put(TrainerConfig.RETAIN_BEST, "1");
        d.put(TrainerConfig.DEAD_LETTER_TOPIC, "levi.deadletter");
        d.put(TrainerConfig.CHECKPOINTS_TOPIC, "levi.checkpoints");
        d.put(TrainerConfig.HOLDOUT_TOPIC, "");
        d.put(TrainerConfig.HOLDOUT_SAMPLE, "1000");
        d.put(TrainerConfig.QUEUE_DEPTH, "16");
        d.put(TrainerConfig.IDLE_SKIP, "2s");
        d.put(TrainerConfig.METRICS_PORT, "-1");
        d.put(TrainerConfig.DEVICE, "auto");
        d.put(TrainerConfig.FEATURES, "hashed");
        d.put(TrainerConfig.FEATURES_RECENT_ITEMS, "20");
        d.put(TrainerConfig.FEATURES_MAX_USERS, "1000000");
        d.put(TrainerConfig.START, "earliest");
        d.put(TrainerConfig.END, "none");
        return java.util.Collections.unmodifiableMap(d);
    }

    /**
     * Reads a YAML settings file into dotted keys.
     *
     * @param file the file
     * @return sorted dotted keys to string values (lists joined with commas)
     * @throws InvalidConfigException if the file cannot be read or is not a YAML map
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
                throw new InvalidConfigException(List.of("the settings file " + file + " holds a "
                        + root.getClass().getSimpleName() + " but must hold a map of settings"));
            }
            flatten("", map, flat);
            return flat;
        } catch (IOException | YAMLException e) {
            throw new InvalidConfigException(List.of("the settings file " + file + " cannot be read: " + e.getMessage()));
        }
    }

    /**
     * Picks the settings that {@code LEVI_*} environment variables give.
     *
     * @param env the environment, e.g. {@code System.getenv()}
     * @return dotted keys to values
     */
    public static Map<String, String> fromEnvironment(Map<String, String> env) {
        Map<String, String> s = new TreeMap<>();
        env.forEach((name, value) -> {
            if (name.startsWith("LEVI_")) {
                String key = name.substring(5).toLowerCase(Locale.ROOT).replace('_', '.');
                if (ENV_PREFIXES.stream().anyMatch(key::startsWith)) {
                    s.put(key, value);
                }
            }
        });
        return s;
    }

    /**
     * Merges layers, later ones winning.
     *
     * @param layers settings maps from lowest to highest precedence
     * @return the merged settings, defaults included
     */
    @SafeVarargs
    public static Map<String, String> merge(Map<String, String>... layers) {
        Map<String, String> merged = new TreeMap<>(DEFAULTS);
        for (Map<String, String> layer : layers) {
            merged.putAll(layer);
        }
        return merged;
    }

    /**
     * Parses {@code key=value} overrides.
     *
     * @param assignments e.g. {@code model.method=ft}
     * @return dotted keys to values
     * @throws InvalidConfigException naming each assignment without an {@code =}
     */
    public static Map<String, String> parseAssignments(Collection<String> assignments) {
        Map<String, String> s = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (String a : assignments) {
            int eq = a.indexOf('=');
            if (eq < 1) {
                problems.add("--set was '" + a + "' but must be key=value");
            } else {
                s.put(a.substring(0, eq).trim(), a.substring(eq + 1).trim());
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
        return s;
    }

    /**
     * Builds the config from merged settings.
     *
     * @param settings dotted keys to values; see {@link #merge}
     * @return the validated config
     * @throws InvalidConfigException listing every problem: unknown keys, unparsable values and broken rules
     */
    public static TrainerConfig toConfig(Map<String, String> settings) {
        Map<String, String> s = new TreeMap<>(DEFAULTS);
        s.putAll(settings);
        ConfigReader r = new ConfigReader(s);
        for (String key : s.keySet()) {
            if (key.startsWith("trainer.") && !KNOWN.contains(key) && !key.startsWith(TrainerConfig.CONSUMER_PREFIX)
                    && !key.startsWith(TrainerConfig.PRODUCER_PREFIX)) {
                r.problem(key + " is not a known setting; known trainer settings are " + KNOWN);
            }
        }
        String experiment = r.string(TrainerConfig.EXPERIMENT, "");
        List<String> topics = r.list(TrainerConfig.INPUT_TOPICS);
        String defaultTopic = topics.size() == 1 ? topics.get(0) : null;
        ModelSpec model = model(s, r);
        try {
            TrainerConfig config = new TrainerConfig(experiment, r.string(TrainerConfig.BOOTSTRAP_SERVERS, ""),
                    registry(s), topics, r.string(TrainerConfig.GROUP_ID, "levi-trainer." + experiment),
                    Path.of(r.string(TrainerConfig.CHECKPOINT_DIR, "checkpoints/" + experiment)),
                    r.integer(TrainerConfig.BATCH_SIZE, 200, Integer.MIN_VALUE),
                    r.longValue(TrainerConfig.CHECKPOINT_EVERY_STEPS, 1000, Long.MIN_VALUE),
                    duration(r, TrainerConfig.CHECKPOINT_EVERY, Duration.ofSeconds(5)),
                    r.integer(TrainerConfig.RETAIN_LAST, 3, Integer.MIN_VALUE),
                    r.integer(TrainerConfig.RETAIN_BEST, 1, Integer.MIN_VALUE),
                    r.string(TrainerConfig.DEAD_LETTER_TOPIC, ""), r.string(TrainerConfig.CHECKPOINTS_TOPIC, ""),
                    r.string(TrainerConfig.HOLDOUT_TOPIC, ""),
                    r.integer(TrainerConfig.HOLDOUT_SAMPLE, 1000, Integer.MIN_VALUE),
                    r.integer(TrainerConfig.QUEUE_DEPTH, 16, Integer.MIN_VALUE),
                    duration(r, TrainerConfig.IDLE_SKIP, Duration.ofSeconds(2)),
                    r.integer(TrainerConfig.METRICS_PORT, -1, Integer.MIN_VALUE),
                    device(r), backbone(r), features(r), model == null ? placeholderModel() : model,
                    start(r, defaultTopic), end(r, defaultTopic), prefixed(s, TrainerConfig.CONSUMER_PREFIX),
                    prefixed(s, TrainerConfig.PRODUCER_PREFIX));
            r.throwIfInvalid();
            return config;
        } catch (InvalidConfigException e) {
            r.addAll(e.problems());
            r.throwIfInvalid();
            throw e;
        }
    }

    private static ModelSpec model(Map<String, String> s, ConfigReader r) {
        Map<String, String> modelSettings = new TreeMap<>();
        s.forEach((k, v) -> {
            if (k.startsWith("model.")) {
                modelSettings.put(k, v);
            }
        });
        try {
            return ModelSpec.fromSettings(modelSettings);
        } catch (org.levistream.common.config.InvalidConfigException e) {
            r.addAll(e.problems());
            return null;
        }
    }

    // Stands in for a model whose settings failed, so that the rest is still checked; never returned.
    private static ModelSpec placeholderModel() {
        return ModelSpec.builder().method(org.levistream.model.levi.Method.SMALL_ONLY).build();
    }

    private static Map<String, String> registry(Map<String, String> s) {
        Map<String, String> registry = new TreeMap<>();
        s.forEach((k, v) -> {
            if (k.startsWith("schema.registry.") || k.startsWith("basic.auth.")) {
                registry.put(k, v);
            }
        });
        return registry;
    }

    private static Map<String, String> prefixed(Map<String, String> s, String prefix) {
        Map<String, String> out = new TreeMap<>();
        s.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }

    private static Duration duration(ConfigReader r, String key, Duration fallback) {
        String v = r.string(key, "");
        if (v.isEmpty()) {
            return fallback;
        }
        try {
            return Durations.parse(v);
        } catch (IllegalArgumentException e) {
            r.problem(key, v, "must be a duration such as 500ms, 5s, 2m or PT5S");
            return fallback;
        }
    }

    private static DeviceChoice device(ConfigReader r) {
        try {
            return DeviceChoice.parse(TrainerConfig.DEVICE, r.string(TrainerConfig.DEVICE, "auto"));
        } catch (org.levistream.common.config.InvalidConfigException e) {
            r.addAll(e.problems());
            return DeviceChoice.CPU;
        }
    }

    private static BackboneSetting backbone(ConfigReader r) {
        if (r.has(TrainerConfig.BACKBONE_TORCHSCRIPT)) {
            List<Long> shape = new ArrayList<>();
            for (String d : r.list(TrainerConfig.BACKBONE_INPUT_SHAPE)) {
                try {
                    shape.add(Long.parseLong(d));
                } catch (NumberFormatException e) {
                    r.problem(TrainerConfig.BACKBONE_INPUT_SHAPE, String.join(",", r.list(TrainerConfig.BACKBONE_INPUT_SHAPE)),
                            "must be comma-separated whole numbers");
                    break;
                }
            }
            return new BackboneSetting(BackboneSetting.Kind.TORCHSCRIPT, null, null,
                    Path.of(r.string(TrainerConfig.BACKBONE_TORCHSCRIPT, "")), shape);
        }
        if (r.has(TrainerConfig.BACKBONE_CATALOG)) {
            return fromCatalog(r);
        }
        if (r.has(TrainerConfig.BACKBONE_HASH) || r.has(TrainerConfig.BACKBONE_STORE)) {
            return BackboneSetting.stored(Path.of(r.string(TrainerConfig.BACKBONE_STORE, "data/backbones/store")),
                    r.string(TrainerConfig.BACKBONE_HASH, ""));
        }
        return BackboneSetting.none();
    }

    /** Looks a backbone up by name in {@code levi pretrain}'s {@code backbones.json}. */
    private static BackboneSetting fromCatalog(ConfigReader r) {
        Path catalog = Path.of(r.string(TrainerConfig.BACKBONE_CATALOG, ""));
        String name = r.string(TrainerConfig.BACKBONE_NAME, "");
        Path file = catalog.resolve("backbones.json");
        try {
            com.fasterxml.jackson.databind.JsonNode entry = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(file.toFile()).path(name).path("sha256");
            if (entry.isTextual()) {
                return BackboneSetting.stored(catalog.resolve("store"), entry.asText());
            }
            r.problem(TrainerConfig.BACKBONE_NAME, name, "must name a backbone in " + file + "; run 'levi pretrain "
                    + "--out " + catalog + "' to make it");
        } catch (IOException e) {
            r.problem(TrainerConfig.BACKBONE_CATALOG, catalog.toString(), "must be levi pretrain's output folder with "
                    + "a readable backbones.json (" + e.getMessage() + ")");
        }
        return BackboneSetting.none();
    }

    private static FeatureSetting features(ConfigReader r) {
        String kind = r.string(TrainerConfig.FEATURES, "hashed");
        FeatureSetting.Kind k = Arrays.stream(FeatureSetting.Kind.values())
                .filter(v -> v.name().equalsIgnoreCase(kind)).findFirst().orElse(null);
        if (k == null) {
            r.problem(TrainerConfig.FEATURES, kind, "must be one of hashed, movielens");
            k = FeatureSetting.Kind.HASHED;
        }
        return new FeatureSetting(k, r.string(TrainerConfig.FEATURES_GLOVE).map(Path::of).orElse(null),
                r.integer(TrainerConfig.FEATURES_RECENT_ITEMS, 20, Integer.MIN_VALUE),
                r.integer(TrainerConfig.FEATURES_MAX_USERS, 1_000_000, Integer.MIN_VALUE));
    }

    private static StartPoint start(ConfigReader r, String defaultTopic) {
        String v = r.string(TrainerConfig.START, "earliest");
        try {
            return StartPoint.parse(v, defaultTopic);
        } catch (IllegalArgumentException e) {
            r.problem(TrainerConfig.START, v, "is not a start point: " + e.getMessage());
            return new StartPoint.Earliest();
        }
    }

    private static EndPoint end(ConfigReader r, String defaultTopic) {
        String v = r.string(TrainerConfig.END, "none");
        try {
            return EndPoint.parse(v, defaultTopic);
        } catch (IllegalArgumentException e) {
            r.problem(TrainerConfig.END, v, "is not an end point: " + e.getMessage());
            return new EndPoint.None();
        }
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
