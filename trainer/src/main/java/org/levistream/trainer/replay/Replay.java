package org.levistream.trainer.replay;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.levistream.common.config.InvalidConfigException;
import org.levistream.trainer.config.TrainerConfig;
import org.levistream.trainer.config.TrainerSettings;
import org.levistream.trainer.position.StartPoint;

/**
 * Turns a replay request into a trainer config. A replay of experiment {@code NAME} reads with consumer group
 * {@value #GROUP_PREFIX}{@code NAME} and writes checkpoints to {@code <checkpoint root>/NAME}, where the checkpoint
 * root is the parent of the configured {@code trainer.checkpoint.dir} (default {@code checkpoints}): experiments
 * are siblings there, which is also where {@code checkpoint:EXP@VERSION} finds other experiments' checkpoints.
 */
public final class Replay {
    /** Prefix of a replay's consumer group. */
    public static final String GROUP_PREFIX = "levi-replay.";

    private Replay() {}

    /**
     * Builds a replay's config.
     *
     * @param settings   the merged settings (file, environment, {@code --set} overrides)
     * @param experiment the replay's experiment id
     * @param from       where it starts, e.g. {@code checkpoint:live@500}, {@code offsets:...}, {@code timestamp:...}
     * @param to         where it stops, e.g. {@code offsets:...}, {@code timestamp:...} or {@code end}
     * @return the isolated config
     * @throws InvalidConfigException listing every problem, including an unbounded end
     */
    public static TrainerConfig config(Map<String, String> settings, String experiment, String from, String to) {
        Map<String, String> s = new TreeMap<>(settings);
        s.put(TrainerConfig.EXPERIMENT, experiment);
        s.put(TrainerConfig.START, from);
        s.put(TrainerConfig.END, to);
        s.remove(TrainerConfig.GROUP_ID);
        TrainerConfig base = TrainerSettings.toConfig(s);
        if (!base.end().bounded()) {
            throw new InvalidConfigException(List.of("--to was '" + to + "' but a replay needs an end: offsets:..., "
                    + "timestamp:... or end"));
        }
        if (base.start() instanceof StartPoint.Checkpoint ref && ref.experiment().equals(experiment)) {
            throw new InvalidConfigException(List.of("--from was '" + from + "' but a replay cannot start from its own "
                    + "experiment's checkpoints; it resumes from them by itself"));
        }
        Path root = root(settings);
        return base.isolatedAs(experiment, GROUP_PREFIX + experiment, root.resolve(experiment));
    }

    /**
     * Returns the folder whose sub-folders are experiments' checkpoint folders.
     *
     * @param settings the merged settings
     * @return the parent of {@code trainer.checkpoint.dir}, or {@code checkpoints}
     */
    public static Path root(Map<String, String> settings) {
        String dir = settings.get(TrainerConfig.CHECKPOINT_DIR);
        if (dir == null || dir.isBlank()) {
            return Path.of("checkpoints");
        }
        Path parent = Path.of(dir).toAbsolutePath().getParent();
        return parent == null ? Path.of("checkpoints") : parent;
    }
}
