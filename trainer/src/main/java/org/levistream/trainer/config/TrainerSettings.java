package org.levistream.trainer.config;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.levistream.common.config.ConfigReader;
import org.levistream.common.config.InvalidConfigException;
import org.levistream.common.config.SettingValues;
import org.levistream.common.config.SettingsLayers;
import org.levistream.model.device.DeviceChoice;
import org.levistream.model.levi.ModelSpec;
import org.levistream.trainer.position.EndPoint;
import org.levistream.trainer.position.StartPoint;

/**
 * Gathers the trainer's settings as dotted keys and turns them into a {@link TrainerConfig}. The settings are
 * declared in {@link TrainerConfig#DEFINITIONS}; layering is {@link SettingsLayers}'s.
 *
 * <p>Precedence, lowest first: built-in defaults, the YAML file, {@code LEVI_*} environment variables
 * ({@code LEVI_TRAINER_BATCH_SIZE} is {@code trainer.batch.size}; only {@code trainer.*} keys and the keys the trainer
 * reads: {@code dead.letter.topic}, {@code model.*}, {@code schema.registry.*}, {@code basic.auth.*}), then overrides
 * ({@code --set key=value}, then command-line flags). Nested YAML maps join their keys with dots, so
 * {@code trainer: {batch.size: 200}} and {@code trainer.batch.size: 200} mean the same.
 */
public final class TrainerSettings {
    private TrainerSettings() {}

    /**
     * Picks the settings that {@code LEVI_*} environment variables give the trainer.
     *
     * @param env the environment, e.g. {@code System.getenv()}
     * @return dotted keys to values
     */
    public static Map<String, String> fromEnvironment(Map<String, String> env) {
        return SettingsLayers.fromEnvironment(env, TrainerSettings::readsFromEnvironment);
    }

    /**
     * Tells whether the trainer takes a key from a {@code LEVI_*} variable: every {@code trainer.*} key (an unknown
     * one is then reported, as a typo in the file would be) and the other keys it reads.
     *
     * @param key a dotted key, e.g. {@code trainer.device}
     * @return whether {@link #fromEnvironment} keeps it
     */
    public static boolean readsFromEnvironment(String key) {
        return key.startsWith("trainer.") || TrainerConfig.DEFINITIONS.reads(key);
    }

    /**
     * Merges layers, later ones winning. Deprecated keys are renamed within each layer first, so that the layer
     * decides which value wins, not the name it was given under. The built-in defaults, the lowest layer, are
     * applied by {@link #toConfig} to every key that no layer gives.
     *
     * @param layers settings maps from lowest to highest precedence, above the defaults
     * @return the merged settings, without the defaults
     */
    @SafeVarargs
    public static Map<String, String> merge(Map<String, String>... layers) {
        List<Map<String, String>> all = new ArrayList<>();
        for (Map<String, String> layer : layers) {
            all.add(TrainerConfig.DEFINITIONS.canonical(layer));
        }
        return SettingsLayers.mergeInOrder(all);
    }

    /**
     * Parses {@code key=value} overrides ({@link SettingsLayers#parseAssignments}).
     *
     * @param assignments e.g. {@code model.method=ft}
     * @return dotted keys to values
     * @throws InvalidConfigException naming each assignment without an {@code =}
     */
    public static Map<String, String> parseAssignments(Collection<String> assignments) {
        return SettingsLayers.parseAssignments(assignments);
    }

    /**
     * Builds the config from merged settings.
     *
     * @param settings dotted keys to values; see {@link #merge}. Absent keys take their declared defaults.
     * @return the validated config
     * @throws InvalidConfigException listing every problem: unknown keys, unparsable values and broken rules
     */
    public static TrainerConfig toConfig(Map<String, String> settings) {
        SettingValues v = TrainerConfig.DEFINITIONS.parse(settings);
        String experiment = v.string(TrainerConfig.EXPERIMENT);
        List<String> topics = v.list(TrainerConfig.INPUT_TOPICS);
        String defaultTopic = topics.size() == 1 ? topics.get(0) : null;
        ModelSpec model = model(v);
        TrainerConfig config;
        try {
            config = new TrainerConfig(experiment, v.string(TrainerConfig.BOOTSTRAP_SERVERS),
                    registry(v), topics, v.optionalString(TrainerConfig.GROUP_ID).orElse("levi-trainer." + experiment),
                    Path.of(v.optionalString(TrainerConfig.CHECKPOINT_DIR).orElse("checkpoints/" + experiment)),
                    v.integer(TrainerConfig.BATCH_SIZE), v.longValue(TrainerConfig.CHECKPOINT_EVERY_STEPS),
                    v.duration(TrainerConfig.CHECKPOINT_EVERY), v.integer(TrainerConfig.RETAIN_LAST),
                    v.integer(TrainerConfig.RETAIN_BEST), v.string(TrainerConfig.DEAD_LETTER_TOPIC),
                    v.string(TrainerConfig.CHECKPOINTS_TOPIC), v.string(TrainerConfig.HOLDOUT_TOPIC),
                    v.integer(TrainerConfig.HOLDOUT_SAMPLE), v.integer(TrainerConfig.QUEUE_DEPTH),
                    v.duration(TrainerConfig.IDLE_SKIP), v.integer(TrainerConfig.METRICS_PORT),
                    device(v), backbone(v), features(v), model == null ? placeholderModel() : model,
                    start(v, defaultTopic), end(v, defaultTopic), v.integer(TrainerConfig.EPOCHS),
                    v.withPrefix(TrainerConfig.CONSUMER_PREFIX),
                    v.withPrefix(TrainerConfig.PRODUCER_PREFIX));
        } catch (InvalidConfigException e) {
            v.addProblems(e.problems());
            config = null;
        }
        v.throwIfInvalid();
        return config;
    }

    private static ModelSpec model(SettingValues v) {
        Map<String, String> modelSettings = new TreeMap<>();
        v.raw().forEach((k, value) -> {
            if (k.startsWith("model.")) {
                modelSettings.put(k, value);
            }
        });
        try {
            return ModelSpec.fromSettings(modelSettings);
        } catch (InvalidConfigException e) {
            v.addProblems(e.problems());
            return null;
        }
    }

    // Stands in for a model whose settings failed, so that the rest is still checked; never returned.
    private static ModelSpec placeholderModel() {
        return ModelSpec.builder().method(org.levistream.model.levi.Method.SMALL_ONLY).build();
    }

    private static Map<String, String> registry(SettingValues v) {
        Map<String, String> registry = new TreeMap<>();
        v.raw().forEach((k, value) -> {
            if (k.startsWith("schema.registry.") || k.startsWith("basic.auth.")) {
                registry.put(k, value);
            }
        });
        registry.put(TrainerConfig.REGISTRY_URL, v.string(TrainerConfig.REGISTRY_URL));
        return registry;
    }

    private static DeviceChoice device(SettingValues v) {
        try {
            return DeviceChoice.parse(TrainerConfig.DEVICE, v.string(TrainerConfig.DEVICE));
        } catch (InvalidConfigException e) {
            v.addProblems(e.problems());
            return DeviceChoice.CPU;
        }
    }

    private static BackboneSetting backbone(SettingValues r) {
        if (r.isSet(TrainerConfig.BACKBONE_TORCHSCRIPT)) {
            List<Long> shape = new ArrayList<>();
            for (String d : r.list(TrainerConfig.BACKBONE_INPUT_SHAPE)) {
                try {
                    shape.add(Long.parseLong(d));
                } catch (NumberFormatException e) {
                    r.addProblem(InvalidConfigException.problem(TrainerConfig.BACKBONE_INPUT_SHAPE,
                            String.join(",", r.list(TrainerConfig.BACKBONE_INPUT_SHAPE)),
                            "must be comma-separated whole numbers"));
                    break;
                }
            }
            return new BackboneSetting(BackboneSetting.Kind.TORCHSCRIPT, null, null,
                    Path.of(r.string(TrainerConfig.BACKBONE_TORCHSCRIPT)), shape);
        }
        if (r.isSet(TrainerConfig.BACKBONE_CATALOG)) {
            ConfigReader reader = new ConfigReader(r.raw());
            BackboneSetting fromCatalog = fromCatalog(reader);
            r.addProblems(reader.problems());
            return fromCatalog;
        }
        if (r.isSet(TrainerConfig.BACKBONE_HASH) || r.given(TrainerConfig.BACKBONE_STORE)) {
            return BackboneSetting.stored(Path.of(r.string(TrainerConfig.BACKBONE_STORE)),
                    r.string(TrainerConfig.BACKBONE_HASH)).named(null,
                    r.optionalString(TrainerConfig.BACKBONE_TOKENIZER).map(Path::of).orElse(null));
        }
        return BackboneSetting.none();
    }

    /** Looks a backbone up by name in {@code levi pretrain}'s {@code backbones.json}. */
    private static BackboneSetting fromCatalog(ConfigReader r) {
        Path catalog = Path.of(r.string(TrainerConfig.BACKBONE_CATALOG, ""));
        String name = r.string(TrainerConfig.BACKBONE_NAME, "");
        Path file = catalog.resolve(org.levistream.model.backbone.BackboneCatalog.FILE);
        try {
            var read = org.levistream.model.backbone.BackboneCatalog.read(catalog);
            var entry = read.find(name);
            if (entry.isPresent()) {
                Object catalogued = entry.get().provenance().get("tokenizer");
                String tokenizer = r.string(TrainerConfig.BACKBONE_TOKENIZER,
                        catalogued == null ? null : catalogued.toString());
                return BackboneSetting.stored(read.storeDir(), entry.get().sha256())
                        .named(name, tokenizer == null ? null : Path.of(tokenizer));
            }
            r.problem(TrainerConfig.BACKBONE_NAME, name, "must name a backbone in " + file + "; run 'levi pretrain "
                    + "--out " + catalog + "' to make it");
        } catch (IOException e) {
            r.problem(TrainerConfig.BACKBONE_CATALOG, catalog.toString(), "must be levi pretrain's output folder with "
                    + "a readable backbones.json (" + e.getMessage() + ")");
        }
        return BackboneSetting.none();
    }

    private static FeatureSetting features(SettingValues v) {
        FeatureSetting.Kind kind = Arrays.stream(FeatureSetting.Kind.values())
                .filter(k -> k.name().equalsIgnoreCase(v.string(TrainerConfig.FEATURES))).findFirst().orElseThrow();
        return new FeatureSetting(kind, v.optionalString(TrainerConfig.FEATURES_GLOVE).map(Path::of).orElse(null),
                v.integer(TrainerConfig.FEATURES_RECENT_ITEMS), v.integer(TrainerConfig.FEATURES_MAX_USERS));
    }

    private static StartPoint start(SettingValues v, String defaultTopic) {
        String text = v.string(TrainerConfig.START);
        try {
            return StartPoint.parse(text, defaultTopic);
        } catch (IllegalArgumentException e) {
            v.addProblem(InvalidConfigException.problem(TrainerConfig.START, text, "is not a start point: "
                    + e.getMessage()));
            return new StartPoint.Earliest();
        }
    }

    private static EndPoint end(SettingValues v, String defaultTopic) {
        String text = v.string(TrainerConfig.END);
        try {
            return EndPoint.parse(text, defaultTopic);
        } catch (IllegalArgumentException e) {
            v.addProblem(InvalidConfigException.problem(TrainerConfig.END, text, "is not an end point: "
                    + e.getMessage()));
            return new EndPoint.None();
        }
    }
}
