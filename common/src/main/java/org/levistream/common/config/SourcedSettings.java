package org.levistream.common.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Merged settings that remember which layer gave each key, so that a rejected value can be traced to where the user
 * wrote it: {@code trainer.queue.depth was 'abc' but must be an integer (from the environment,
 * LEVI_TRAINER_QUEUE_DEPTH)}. It is the merged map itself (sorted by key), so code that only reads settings needs no
 * change; only the place that reports problems asks for {@link #annotate}.
 */
public final class SourcedSettings extends TreeMap<String, String> {
    private static final long serialVersionUID = 1L;

    /** Where a layer's values came from, said as a person would: {@code in config/trainer.yaml}, {@code from --set}. */
    private final Map<String, String> sources = new HashMap<>();

    /**
     * One layer: its values and how to say where a key of it came from.
     *
     * @param values the layer's settings
     * @param source says where a key came from, e.g. {@code key -> "from --set"}
     */
    public record Layer(Map<String, String> values, java.util.function.Function<String, String> source) {
        /** Copies the values. */
        public Layer {
            values = Map.copyOf(values);
        }

        /**
         * A layer whose every key came from the same place.
         *
         * @param values the settings
         * @param source e.g. {@code in config/trainer.yaml}
         * @return the layer
         */
        public static Layer of(Map<String, String> values, String source) {
            return new Layer(values, key -> source);
        }
    }

    /**
     * Merges layers, later ones winning, as {@link SettingsLayers#mergeInOrder} does, remembering each key's source.
     *
     * @param lowestFirst the layers from lowest to highest precedence
     * @return the merged settings
     */
    public static SourcedSettings merge(List<Layer> lowestFirst) {
        SourcedSettings merged = new SourcedSettings();
        for (Layer layer : lowestFirst) {
            layer.values().forEach((key, value) -> {
                merged.put(key, value);
                merged.sources.put(key, layer.source().apply(key));
            });
        }
        return merged;
    }

    /**
     * Says where a key's value came from.
     *
     * @param key the setting
     * @return e.g. {@code from --set}; {@code null} for a key no layer gave (a default)
     */
    public String source(String key) {
        return sources.get(key);
    }

    /**
     * Adds to each problem line whose first word is a key given by a layer where that value came from.
     *
     * @param e the problems
     * @return the same problems, each with its source where known
     */
    public InvalidConfigException annotate(InvalidConfigException e) {
        return new InvalidConfigException(e.problems().stream().map(this::annotate).toList());
    }

    private String annotate(String problem) {
        int space = problem.indexOf(' ');
        String source = space < 0 ? null : sources.get(problem.substring(0, space));
        return source == null ? problem : problem + " (" + source + ")";
    }
}
