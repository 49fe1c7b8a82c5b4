package org.levistream.model.levi;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.levistream.common.config.InvalidConfigException;
import org.levistream.model.internal.Sha256;
import org.levistream.model.optim.OptimizerSpec;
import org.levistream.model.task.SmallModelSpec;

/**
 * Everything that defines a LEVI model and how it trains, read once and validated in one place. Its settings map
 * ({@link #toSettings()}) is stored in every checkpoint together with its hash ({@link #settingsHash()}).
 *
 * @param task            what is predicted ({@code model.task})
 * @param classes         number of classes; 1 for ratings ({@code model.classes})
 * @param method          LEVI or a baseline ({@code model.method})
 * @param taps            backbone taps to use, by name; empty means all ({@code model.taps}, comma-separated)
 * @param projectionWidth the common width each tap is projected to ({@code model.projection.width})
 * @param headHidden      hidden units of MLP heads ({@code model.head.hidden})
 * @param headMode        concatenated views or one head per view ({@code model.head.mode})
 * @param dropout         dropout rate inside MLP heads, in [0, 1) ({@code model.head.dropout})
 * @param small           the small task model g ({@code model.small.*})
 * @param optimizer       the optimizer ({@code model.optimizer.*})
 * @param unfreezeStep    for {@link Method#LP_FT}: the step from which the backbone trains
 *                        ({@code model.lpft.unfreeze.step})
 * @param seed            seeds initialisation and, with the step number, every step's randomness
 *                        ({@code model.seed})
 */
public record ModelSpec(TaskKind task, int classes, Method method, List<String> taps, int projectionWidth,
                        int headHidden, HeadMode headMode, float dropout, SmallModelSpec small,
                        OptimizerSpec optimizer, long unfreezeStep, long seed) {

    /** {@code rating} or {@code classification}. */
    public static final String TASK = "model.task";
    /** Number of classes. */
    public static final String CLASSES = "model.classes";
    /** One of {@link Method}'s setting names. */
    public static final String METHOD = "model.method";
    /** Comma-separated tap names. */
    public static final String TAPS = "model.taps";
    /** Projection width. */
    public static final String PROJECTION_WIDTH = "model.projection.width";
    /** Hidden units of MLP heads. */
    public static final String HEAD_HIDDEN = "model.head.hidden";
    /** {@code concat} or {@code per-tap}. */
    public static final String HEAD_MODE = "model.head.mode";
    /** Dropout rate in MLP heads. */
    public static final String HEAD_DROPOUT = "model.head.dropout";
    /** LP-FT's unfreeze step. */
    public static final String UNFREEZE_STEP = "model.lpft.unfreeze.step";
    /** The run's seed. */
    public static final String SEED = "model.seed";

    /** Validates every field, reporting all problems at once. */
    public ModelSpec {
        Objects.requireNonNull(task, TASK);
        Objects.requireNonNull(method, METHOD);
        Objects.requireNonNull(headMode, HEAD_MODE);
        Objects.requireNonNull(small, "model.small");
        Objects.requireNonNull(optimizer, "model.optimizer");
        taps = List.copyOf(taps);
        List<String> problems = new ArrayList<>();
        if (task == TaskKind.CLASSIFICATION && classes < 2) {
            problems.add(CLASSES + " was " + classes + " but classification needs at least 2");
        }
        if (task == TaskKind.RATING && classes != 1) {
            problems.add(CLASSES + " was " + classes + " but a rating task has exactly 1 output");
        }
        if (taps.stream().anyMatch(String::isBlank) || new HashSet<>(taps).size() != taps.size()) {
            problems.add(TAPS + " was " + String.join(",", taps) + " but tap names must be distinct and non-blank");
        }
        if (projectionWidth < 1) {
            problems.add(PROJECTION_WIDTH + " was " + projectionWidth + " but must be at least 1");
        }
        if (headHidden < 1) {
            problems.add(HEAD_HIDDEN + " was " + headHidden + " but must be at least 1");
        }
        if (!(dropout >= 0 && dropout < 1)) {
            problems.add(HEAD_DROPOUT + " was " + dropout + " but must be in [0, 1)");
        }
        if (unfreezeStep < 0) {
            problems.add(UNFREEZE_STEP + " was " + unfreezeStep + " but must be >= 0");
        }
        if (!method.trainedByItself()) {
            problems.add(METHOD + " was " + method.settingName() + " but a model must be trained by itself; "
                    + "wise-ft is mixed from an lp and an ft model by the experiment protocol");
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
    }

    /**
     * Starts from the defaults: rating, LEVI over all taps, width 32, hidden 64, hashed ids (2 fields, 65,536
     * buckets, 16 dims, width 32), Adam at 1e-3, seed 42.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder holding this spec's values.
     *
     * @return a builder
     */
    public Builder toBuilder() {
        return new Builder().task(task).classes(classes).method(method).taps(taps).projectionWidth(projectionWidth)
                .headHidden(headHidden).headMode(headMode).dropout(dropout).small(small).optimizer(optimizer)
                .unfreezeStep(unfreezeStep).seed(seed);
    }

    /**
     * Returns the settings as dotted keys and strings, sorted by key; {@link #fromSettings} reads them back.
     *
     * @return an unmodifiable sorted map
     */
    public Map<String, String> toSettings() {
        return ModelSettings.write(this);
    }

    /**
     * Reads settings written by {@link #toSettings()} (or a user's file); keys left out take the defaults, keys
     * outside {@code model.} are ignored.
     *
     * @param settings dotted keys to values
     * @return the spec
     * @throws InvalidConfigException listing every unknown key, unparsable value and broken rule
     */
    public static ModelSpec fromSettings(Map<String, String> settings) {
        return ModelSettings.read(settings);
    }

    /**
     * Hashes the settings: SHA-256 over {@code key=value\n} lines sorted by key. Equal settings give equal
     * hashes on every platform.
     *
     * @return 64 lowercase hex digits
     */
    public String settingsHash() {
        StringBuilder canonical = new StringBuilder();
        new TreeMap<>(toSettings()).forEach((k, v) -> canonical.append(k).append('=').append(v).append('\n'));
        return Sha256.hex(canonical.toString());
    }

    /** Builds a {@link ModelSpec}; validation happens in {@link #build()}. */
    public static final class Builder {
        private TaskKind task = TaskKind.RATING;
        private int classes = 1;
        private Method method = Method.LEVI;
        private List<String> taps = List.of();
        private int projectionWidth = 32;
        private int headHidden = 64;
        private HeadMode headMode = HeadMode.CONCAT;
        private float dropout = 0f;
        private SmallModelSpec small = SmallModelSpec.hashedIds(2, 1 << 16, 16, 32);
        private OptimizerSpec optimizer = OptimizerSpec.adam(1e-3f);
        private long unfreezeStep = 0;
        private long seed = 42;

        private Builder() {}

        /**
         * Sets the task.
         *
         * @param v the task
         * @return this builder
         */
        public Builder task(TaskKind v) { task = v; return this; }

        /**
         * Sets number of classes (1 for ratings).
         *
         * @param v number of classes (1 for ratings)
         * @return this builder
         */
        public Builder classes(int v) { classes = v; return this; }

        /**
         * Sets a classification task.
         *
         * @param n number of classes
         * @return this builder
         */
        public Builder classification(int n) { task = TaskKind.CLASSIFICATION; classes = n; return this; }

        /**
         * Sets the method.
         *
         * @param v the method
         * @return this builder
         */
        public Builder method(Method v) { method = v; return this; }

        /**
         * Sets tap names; empty for all.
         *
         * @param v tap names; empty for all
         * @return this builder
         */
        public Builder taps(List<String> v) { taps = v; return this; }

        /**
         * Sets projection width.
         *
         * @param v projection width
         * @return this builder
         */
        public Builder projectionWidth(int v) { projectionWidth = v; return this; }

        /**
         * Sets hidden units of MLP heads.
         *
         * @param v hidden units of MLP heads
         * @return this builder
         */
        public Builder headHidden(int v) { headHidden = v; return this; }

        /**
         * Sets head mode.
         *
         * @param v head mode
         * @return this builder
         */
        public Builder headMode(HeadMode v) { headMode = v; return this; }

        /**
         * Sets dropout rate.
         *
         * @param v dropout rate
         * @return this builder
         */
        public Builder dropout(float v) { dropout = v; return this; }

        /**
         * Sets the small model.
         *
         * @param v the small model
         * @return this builder
         */
        public Builder small(SmallModelSpec v) { small = v; return this; }

        /**
         * Sets the optimizer.
         *
         * @param v the optimizer
         * @return this builder
         */
        public Builder optimizer(OptimizerSpec v) { optimizer = v; return this; }

        /**
         * Sets LP-FT's unfreeze step.
         *
         * @param v LP-FT's unfreeze step
         * @return this builder
         */
        public Builder unfreezeStep(long v) { unfreezeStep = v; return this; }

        /**
         * Sets the seed.
         *
         * @param v the seed
         * @return this builder
         */
        public Builder seed(long v) { seed = v; return this; }

        /**
         * Validates and builds.
         *
         * @return the spec
         * @throws InvalidConfigException listing every problem
         */
        public ModelSpec build() {
            return new ModelSpec(task, classes, method, taps, projectionWidth, headHidden, headMode, dropout, small,
                    optimizer, unfreezeStep, seed);
        }
    }
}
