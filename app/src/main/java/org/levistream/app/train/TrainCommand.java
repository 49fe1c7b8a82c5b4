package org.levistream.app.train;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.levistream.app.ServiceCommand;
import org.levistream.trainer.config.TrainerConfig;
import org.levistream.trainer.config.TrainerSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code levi train}: continual LEVI fine-tuning from Kafka with exact-resume checkpoints. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {
            "Consume interactions or images (read_committed; trainer.features says which) and fine-tune LEVI, or a "
                    + "baseline, continually, checkpointing the "
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
            "  levi train --experiment digits-live --config config/trainer-digits.yaml",
            "  levi train --experiment live --config trainer.yaml --set model.method=ft --metrics-port 9400",
            "  levi train --experiment bounded --config trainer.yaml --stop-at-offsets levi.interactions:0=5000",
            "",
            "Exit codes: 0 reached the end point or stopped (Ctrl+C, with a last checkpoint), 1 failed, "
                    + "2 bad settings."})
public final class TrainCommand implements Callable<Integer>, ServiceCommand {
    @Option(names = "--experiment", required = true, paramLabel = "NAME",
            description = "Experiment id: names the checkpoint folder, the consumer group and the levi.checkpoints key.")
    String experiment;

    @Option(names = "--stop-at-offsets", paramLabel = "OFFSETS",
            description = "Stop once every partition reaches these offsets (topic:partition=offset,...), after a "
                    + "final checkpoint.")
    String stopAtOffsets;

    @Option(names = "--end", paramLabel = "END",
            description = "Stop at: none (default), end (the log end at the first start), offsets:... or timestamp:...")
    String end;

    @Option(names = "--device", paramLabel = "DEVICE", description = "auto, cpu or gpu (trainer.device).")
    String device;

    @Mixin
    TrainerOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        TrainerRun.threads(options.threads);
        return TrainerRun.run(spec, options.settings(flags()), TrainerSettings::toConfig);
    }

    @Override
    public Map<String, String> settings(Map<String, String> env) {
        return options.settings(flags(), env);
    }

    @Override
    public TrainerConfig config(Map<String, String> env) {
        return TrainerSettings.toConfig(settings(env));
    }

    @Override
    public List<String> unreadVariables(Map<String, String> env) {
        return TrainerRun.unreadVariables(spec, env);
    }

    private Map<String, String> flags() {
        Map<String, String> flags = options.collectFlags();
        TrainerRun.flag(flags, TrainerConfig.EXPERIMENT, experiment);
        TrainerRun.flag(flags, TrainerConfig.END, stopAtOffsets == null ? end : "offsets:" + stopAtOffsets);
        TrainerRun.flag(flags, TrainerConfig.DEVICE, device);
        return flags;
    }
}
