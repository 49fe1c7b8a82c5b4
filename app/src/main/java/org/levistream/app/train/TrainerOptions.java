package org.levistream.app.train;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.levistream.trainer.config.TrainerConfig;
import picocli.CommandLine.Option;

/**
 * The options {@code levi train} and {@code levi replay} share (a picocli mixin): where the settings come from,
 * where Kafka and the registry are, the metrics port and the libtorch thread count.
 */
public final class TrainerOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "YAML settings file.")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a setting (repeatable).")
    List<String> sets;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", defaultValue = "${env:LEVI_BOOTSTRAP_SERVERS}",
            description = "Kafka (trainer.bootstrap.servers; env LEVI_BOOTSTRAP_SERVERS).")
    String bootstrapServers;

    @Option(names = "--schema-registry-url", paramLabel = "URL", defaultValue = "${env:LEVI_SCHEMA_REGISTRY_URL}",
            description = "The registry (schema.registry.url; env LEVI_SCHEMA_REGISTRY_URL).")
    String registryUrl;

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
        Map<String, String> flags = TrainerRun.flags();
        TrainerRun.flag(flags, TrainerConfig.BOOTSTRAP_SERVERS, bootstrapServers);
        TrainerRun.flag(flags, "schema.registry.url", registryUrl);
        TrainerRun.flag(flags, TrainerConfig.METRICS_PORT, metricsPort);
        return flags;
    }

    /** The merged settings: the YAML file, the environment, {@code --set} and {@code flags}, in rising precedence. */
    public Map<String, String> settings(Map<String, String> flags) {
        return TrainerRun.settings(config, sets, flags);
    }
}
