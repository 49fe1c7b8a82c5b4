package org.levistream.model.levi;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.levistream.common.config.InvalidConfigException;
import org.levistream.model.optim.OptimizerSpec;
import org.levistream.model.task.SmallModelSpec;

/** Converts {@link ModelSpec} to and from dotted settings, collecting every problem before failing. */
final class ModelSettings {
    private static final String S = SmallModelSpec.PREFIX;
    private static final String O = OptimizerSpec.PREFIX;
    private static final Set<String> KEYS = new TreeSet<>(List.of(
            ModelSpec.TASK, ModelSpec.CLASSES, ModelSpec.METHOD, ModelSpec.TAPS, ModelSpec.PROJECTION_WIDTH,
            ModelSpec.HEAD_HIDDEN, ModelSpec.HEAD_MODE, ModelSpec.HEAD_DROPOUT, ModelSpec.UNFREEZE_STEP,
            ModelSpec.SEED, S + "kind", S + "id.fields", S + "buckets", S + "embedding.dim", S + "width",
            S + "input.shape", S + "filters", O + "kind", O + "learning.rate", O + "beta1", O + "beta2", O + "epsilon",
            O + "momentum", O + "weight.decay", OptimizerSpec.BACKBONE_LR_FACTOR));

    private ModelSettings() {}

    static Map<String, String> write(ModelSpec m) {
        Map<String, String> s = new TreeMap<>();
        s.put(ModelSpec.TASK, name(m.task()));
        s.put(ModelSpec.CLASSES, Integer.toString(m.classes()));
        s.put(ModelSpec.METHOD, name(m.method()));
        s.put(ModelSpec.TAPS, String.join(",", m.taps()));
        s.put(ModelSpec.PROJECTION_WIDTH, Integer.toString(m.projectionWidth()));
        s.put(ModelSpec.HEAD_HIDDEN, Integer.toString(m.headHidden()));
        s.put(ModelSpec.HEAD_MODE, name(m.headMode()));
        s.put(ModelSpec.HEAD_DROPOUT, Float.toString(m.dropout()));
        s.put(ModelSpec.UNFREEZE_STEP, Long.toString(m.unfreezeStep()));
        s.put(ModelSpec.SEED, Long.toString(m.seed()));
        SmallModelSpec g = m.small();
        s.put(S + "kind", name(g.kind()));
        s.put(S + "id.fields", Integer.toString(g.idFields()));
        s.put(S + "buckets", Integer.toString(g.buckets()));
        s.put(S + "embedding.dim", Integer.toString(g.embeddingDim()));
        s.put(S + "width", Integer.toString(g.width()));
        s.put(S + "input.shape", String.join(",", g.inputShape().stream().map(String::valueOf).toList()));
        // Written only when not the default, so that models written before the key existed keep their config hash.
        if (!g.filters().equals(SmallModelSpec.DEFAULT_FILTERS)) {
            s.put(S + "filters", String.join(",", g.filters().stream().map(String::valueOf).toList()));
        }
        OptimizerSpec o = m.optimizer();
        s.put(O + "kind", name(o.kind()));
        s.put(O + "learning.rate", Float.toString(o.learningRate()));
        s.put(O + "beta1", Float.toString(o.beta1()));
        s.put(O + "beta2", Float.toString(o.beta2()));
        s.put(O + "epsilon", Float.toString(o.epsilon()));
        s.put(O + "momentum", Float.toString(o.momentum()));
        s.put(O + "weight.decay", Float.toString(o.weightDecay()));
        // Written only when it differs from 1, so that every model written before the key existed keeps its
        // config hash (checkpoints compare it).
        if (o.backboneLearningRateFactor() != 1f) {
            s.put(OptimizerSpec.BACKBONE_LR_FACTOR, Float.toString(o.backboneLearningRateFactor()));
        }
        return java.util.Collections.unmodifiableMap(s);
    }

    static ModelSpec read(Map<String, String> raw) {
        ModelSpec defaults = ModelSpec.builder().build();
        Map<String, String> s = new TreeMap<>(write(defaults));
        List<String> problems = new ArrayList<>();
        raw.forEach((k, v) -> {
            if (!k.startsWith("model.")) {
                return;
            }
            if (KEYS.contains(k)) {
                s.put(k, v.trim());
            } else {
                problems.add(k + " is not a known setting; known settings are " + KEYS);
            }
        });
        if (!raw.containsKey(S + "input.shape") && "cnn".equals(s.get(S + "kind"))) {
            s.put(S + "input.shape", "1,28,28");
        }
        s.putIfAbsent(OptimizerSpec.BACKBONE_LR_FACTOR, "1.0");
        s.putIfAbsent(S + "filters", "8,16");
        Parser p = new Parser(s, problems);
        SmallModelSpec small = p.nested(() -> new SmallModelSpec(
                p.enumValue(S + "kind", SmallModelSpec.Kind.class), p.integer(S + "id.fields"), p.integer(S + "buckets"),
                p.integer(S + "embedding.dim"), p.integer(S + "width"), p.longList(S + "input.shape"),
                p.longList(S + "filters").stream().map(Long::intValue).toList()));
        OptimizerSpec optimizer = p.nested(() -> new OptimizerSpec(
                p.enumValue(O + "kind", OptimizerSpec.Kind.class), p.real(O + "learning.rate"), p.real(O + "beta1"),
                p.real(O + "beta2"), p.real(O + "epsilon"), p.real(O + "momentum"), p.real(O + "weight.decay"),
                p.real(OptimizerSpec.BACKBONE_LR_FACTOR)));
        ModelSpec spec = p.nested(() -> new ModelSpec(
                p.enumValue(ModelSpec.TASK, TaskKind.class), p.integer(ModelSpec.CLASSES),
                p.enumValue(ModelSpec.METHOD, Method.class), p.stringList(ModelSpec.TAPS),
                p.integer(ModelSpec.PROJECTION_WIDTH), p.integer(ModelSpec.HEAD_HIDDEN),
                p.enumValue(ModelSpec.HEAD_MODE, HeadMode.class), p.real(ModelSpec.HEAD_DROPOUT),
                small == null ? defaults.small() : small, optimizer == null ? defaults.optimizer() : optimizer,
                p.longValue(ModelSpec.UNFREEZE_STEP), p.longValue(ModelSpec.SEED)));
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
        return spec;
    }

    static String name(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Parses values, recording a problem (and returning a harmless stand-in) for each one that fails. */
    private static final class Parser {
        private final Map<String, String> s;
        private final List<String> problems;
        private boolean failed;

        Parser(Map<String, String> s, List<String> problems) {
            this.s = s;
            this.problems = problems;
        }

        /** Builds a record unless one of its values failed to parse; its own validation problems are kept. */
        <T> T nested(java.util.function.Supplier<T> build) {
            failed = false;
            try {
                T built = build.get();
                return failed ? null : built;
            } catch (InvalidConfigException e) {
                if (!failed) {
                    problems.addAll(e.problems());
                }
                return null;
            } catch (NullPointerException e) {
                return null;
            }
        }

        int integer(String key) {
            return parse(key, Integer::parseInt, "an integer", 1);
        }

        long longValue(String key) {
            return parse(key, Long::parseLong, "an integer", 0L);
        }

        float real(String key) {
            return parse(key, Float::parseFloat, "a number", 0.5f);
        }

        List<String> stringList(String key) {
            String v = s.get(key);
            return v.isEmpty() ? List.of() : Arrays.stream(v.split(",")).map(String::trim).toList();
        }

        List<Long> longList(String key) {
            return parse(key, v -> v.isEmpty() ? List.<Long>of()
                    : Arrays.stream(v.split(",")).map(String::trim).map(Long::valueOf).toList(),
                    "a comma-separated list of integers", List.of());
        }

        <E extends Enum<E>> E enumValue(String key, Class<E> type) {
            String v = s.get(key);
            for (E e : type.getEnumConstants()) {
                if (name(e).equals(v)) {
                    return e;
                }
            }
            problems.add(key + " was " + v + " but must be one of "
                    + Arrays.stream(type.getEnumConstants()).map(ModelSettings::name).toList());
            failed = true;
            return null;
        }

        private <T> T parse(String key, Function<String, T> parser, String what, T standIn) {
            String v = s.get(key);
            try {
                return parser.apply(v);
            } catch (NumberFormatException e) {
                problems.add(key + " was " + v + " but must be " + what);
                failed = true;
                return standIn;
            }
        }
    }
}
