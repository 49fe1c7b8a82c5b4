package org.levistream.app.replay;

import java.util.Map;
import java.util.concurrent.Callable;
import org.levistream.app.train.TrainerOptions;
import org.levistream.app.train.TrainerRun;
import org.levistream.trainer.replay.Replay;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code levi replay}: re-run a stretch of the input topics with other settings, isolated and bounded. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {
            "Train an isolated experiment over a stretch of the input topics: its own consumer group "
                    + "(levi-replay.NAME) and checkpoint folder (next to the others), from a checkpoint, offsets or a "
                    + "time, to offsets or a time, with its own settings. It stops at the end, after a final "
                    + "checkpoint; its versions go to levi.checkpoints under NAME, so the evaluator compares them "
                    + "with the live run's.",
            "",
            "Replays of the same stretch with the same settings and seed reach identical parameters. From "
                    + "checkpoint:EXP@VERSION with EXP's own settings, a replay continues exactly as EXP did; with "
                    + "other model settings it starts fresh at that checkpoint's offsets."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  levi replay --experiment ft-from-500 --config trainer.yaml --from checkpoint:live@500 --to end "
                    + "--set model.method=ft",
            "  levi replay --experiment week1 --config trainer.yaml --from timestamp:2024-06-01T00:00:00Z "
                    + "--to timestamp:2024-06-08T00:00:00Z",
            "  levi replay --experiment slice --config trainer.yaml --from offsets:levi.interactions:0=0 "
                    + "--to offsets:levi.interactions:0=10000",
            "",
            "Exit codes: 0 reached the end (or stopped), 1 failed, 2 bad settings."})
public final class ReplayCommand implements Callable<Integer> {
    @Option(names = "--experiment", required = true, paramLabel = "NAME", description = "The replay's experiment id.")
    String experiment;

    @Option(names = "--from", required = true, paramLabel = "START",
            description = "checkpoint:EXP@VERSION (VERSION a step or latest), offsets:topic:partition=offset,..., "
                    + "timestamp:ISO-8601|epoch-ms, or earliest.")
    String from;

    @Option(names = "--to", required = true, paramLabel = "END",
            description = "offsets:topic:partition=offset,... (exclusive), timestamp:ISO-8601|epoch-ms, or end "
                    + "(the log end when the replay first starts).")
    String to;

    @Mixin
    TrainerOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        Map<String, String> flags = options.applyAndCollectFlags();
        return TrainerRun.run(spec, options.settings(flags),
                settings -> Replay.config(settings, experiment, from, to));
    }
}
