package org.levistream.app.train;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.levistream.app.kafka.KafkaOptions;
import org.levistream.trainer.config.TrainerConfig;
import org.levistream.trainer.config.TrainerSettings;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options {@code levi train} and {@code levi replay} share (a picocli mixin): where the settings come from,
 * where Kafka and the registry are ({@link KafkaOptions}), the metrics port and the libtorch thread count.
 */
public final class TrainerOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "YAML settings file.")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a setting (repeatable).")
    List<String> sets;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "Serve Prometheus metrics at http://localhost:PORT/metrics (0: a free port).")
    Integer metricsPort;

    @Option(names = "--threads", paramLabel = "N",
            description = "libtorch intra- and inter-op threads (default: libtorch's, one per core). Keep it the same "
                    + "across restarts: results are bit-identical only with the same thread count.")
    Integer threads;

    /**
     * Applies the thread count (before any model is touched) and returns the flag settings these options give, for
     * the command to add its own to.
     */
    public Map<String, String> applyAndCollectFlags() {
        TrainerRun.threads(threads);
        return collectFlags();
    }

    /** The flag settings these options give, without touching the engine: for a look at the settings only. */
    Map<String, String> collectFlags() {
        Map<String, String> flags = TrainerRun.flags();
        flags.putAll(kafka.flags(TrainerConfig.BOOTSTRAP_SERVERS, TrainerConfig.REGISTRY_URL));
        TrainerRun.flag(flags, TrainerConfig.METRICS_PORT, metricsPort);
        return flags;
    }

    /** The merged settings: the YAML file, the environment, {@code --set} and {@code flags}, in rising precedence. */
    public Map<String, String> settings(Map<String, String> flags) {
        return settings(flags, System.getenv());
    }

    /** As {@link #settings(Map)}, reading {@code env} instead of the process's environment. */
    Map<String, String> settings(Map<String, String> flags, Map<String, String> env) {
        return TrainerRun.settings(config, environment(env), sets, flags);
    }

    /**
     * The trainer's environment layer: {@code LEVI_TRAINER_*} and the other keys it reads, plus
     * {@code LEVI_BOOTSTRAP_SERVERS} as {@code trainer.bootstrap.servers}; the more specific
     * {@code LEVI_TRAINER_BOOTSTRAP_SERVERS} wins where both are set.
     */
    static Map<String, String> environment(Map<String, String> env) {
        Map<String, String> layer = new TreeMap<>(
                KafkaOptions.environment(env, TrainerConfig.BOOTSTRAP_SERVERS, TrainerConfig.REGISTRY_URL));
        layer.putAll(TrainerSettings.fromEnvironment(env));
        return layer;
    }
}
