package org.levistream.app.train;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.levistream.trainer.config.TrainerConfig;
import org.levistream.trainer.config.TrainerSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code levi train}: continual LEVI fine-tuning from Kafka with exact-resume checkpoints. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {
            "Consume interactions (read_committed) and fine-tune LEVI, or a baseline, continually, checkpointing the "
                    + "weights, the optimizer state and the next offset of every input partition together.",
            "",
            "Killed at any instant, the same command resumes from the newest checkpoint that verifies and reaches "
                    + "the same parameters as a run that never stopped. After each durable checkpoint a "
                    + "CheckpointEvent goes to levi.checkpoints and the group offsets are committed (for lag "
                    + "monitoring). Poison records go to levi.deadletter with the reason in headers.",
            "",
            "Settings: the --config YAML file (trainer.*, model.*, schema.registry.*), LEVI_* environment variables "
                    + "(LEVI_TRAINER_BATCH_SIZE is trainer.batch.size), --set key=value and the options below, in "
                    + "rising precedence."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  levi train --experiment live --config config/trainer-movielens.yaml",
            "  levi train --experiment live --config trainer.yaml --set model.method=ft --metrics-port 9400",
            "  levi train --experiment bounded --config trainer.yaml --stop-at-offsets levi.interactions:0=5000",
            "",
            "Exit codes: 0 reached the end point or stopped (Ctrl+C, with a last checkpoint), 1 failed, "
                    + "2 bad settings."})
public final class TrainCommand implements Callable<Integer> {
    @Option(names = "--experiment", required = true, paramLabel = "NAME",
            description = "Experiment id: names the checkpoint folder, the consumer group and the levi.checkpoints key.")
    String experiment;

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

    @Option(names = "--stop-at-offsets", paramLabel = "OFFSETS",
            description = "Stop once every partition reaches these offsets (topic:partition=offset,...), after a "
                    + "final checkpoint.")
    String stopAtOffsets;

    @Option(names = "--end", paramLabel = "END",
            description = "Stop at: none (default), end (the log end at the first start), offsets:... or timestamp:...")
    String end;

    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "Serve Prometheus metrics at http://localhost:PORT/metrics (0: a free port).")
    Integer metricsPort;

    @Option(names = "--device", paramLabel = "DEVICE", description = "auto, cpu or gpu (trainer.device).")
    String device;

    @Option(names = "--threads", paramLabel = "N",
            description = "libtorch intra- and inter-op threads (default: libtorch's, one per core). Keep it the same "
                    + "across restarts: results are bit-identical only with the same thread count.")
    Integer threads;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        TrainerRun.threads(threads);
        Map<String, String> flags = TrainerRun.flags();
        TrainerRun.flag(flags, TrainerConfig.EXPERIMENT, experiment);
        TrainerRun.flag(flags, TrainerConfig.BOOTSTRAP_SERVERS, bootstrapServers);
        TrainerRun.flag(flags, "schema.registry.url", registryUrl);
        TrainerRun.flag(flags, TrainerConfig.END, stopAtOffsets == null ? end : "offsets:" + stopAtOffsets);
        TrainerRun.flag(flags, TrainerConfig.METRICS_PORT, metricsPort);
        TrainerRun.flag(flags, TrainerConfig.DEVICE, device);
        return TrainerRun.run(spec, TrainerRun.settings(config, sets, flags), TrainerSettings::toConfig);
    }
}
