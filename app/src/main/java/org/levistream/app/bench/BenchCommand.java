package org.levistream.app.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code levi bench}: the parent of one throughput program per service path. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        subcommands = {BenchTrainCommand.class, IngestBenchmark.class, org.levistream.app.train.TrainBenchCommand.class,
            BenchAlertsCommand.class, BenchEvaluatorCommand.class, BenchParityCommand.class,
            BenchMiniLmCommand.class},
        synopsisSubcommandLabel = "train|ingest|trainer|alerts|evaluator|parity|minilm",
        description = "Measure a path on this machine against a baseline measured in the same run, and print the "
                + "ratio. Results depend on the machine and its load: say which when you quote them.")
public final class BenchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing a benchmark: train, ingest, trainer, alerts, "
                + "evaluator, parity or minilm");
    }
}
