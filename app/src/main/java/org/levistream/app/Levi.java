package org.levistream.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code levi} command: entry point of the runnable jar and parent of every subcommand.
 *
 * <p>{@link #main} is the only place that calls {@code System.exit}; everything else returns an exit code, so
 * that tests can run the whole command line in-process through {@link #commandLine()}.
 */
@Command(name = "levi",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        subcommands = {org.levistream.app.demo.DemoCommand.class, StackCommand.class, org.levistream.app.ingest.IngestCommand.class, org.levistream.app.pretrain.PretrainCommand.class, org.levistream.app.experiment.ExperimentCommand.class, org.levistream.app.bench.BenchCommand.class, org.levistream.app.train.TrainCommand.class, org.levistream.app.replay.ReplayCommand.class, org.levistream.app.evaluate.EvaluateCommand.class, CommandLine.HelpCommand.class},
        synopsisSubcommandLabel = "COMMAND",
        description = {
            "LEVI Stream keeps a model fine-tuned on live Kafka data and tells you, version by version, how well "
                    + "it generalizes out of distribution (OOD). The model is LEVI: a frozen pre-trained backbone "
                    + "whose layer outputs are mixed with a small task model by trained adapting layers.",
            "",
            "Everything talks to Kafka and a Confluent-compatible schema registry. 'levi stack' runs both in one "
                    + "process, so one machine is enough; point the services at a real cluster to scale out."},
        commandListHeading = "%nCommands:%n",
        footerHeading = "%nExamples:%n",
        footer = {
            "  levi demo                         the whole system on this machine, in five minutes",
            "  levi stack                        Kafka on 127.0.0.1:9092, registry on :8081",
            "  levi stack --data-dir data/kafka  keep topics and schemas across restarts",
            "  levi help stack                   every option of a command",
            "",
            "Exit codes: 0 done, 1 failed while running, 2 bad command line or configuration."})
public final class Levi implements Runnable {

    @Spec
    CommandSpec spec;

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("demo")) {
            org.levistream.app.demo.DemoCommand.logToFile();
        }
        System.exit(commandLine().execute(args));
    }

    /** The configured command line: subcommands, error handling and exit codes, without exiting. */
    public static CommandLine commandLine() {
        var failures = new FailureHandler();
        return new CommandLine(new Levi())
                .setParameterExceptionHandler(failures)
                .setExecutionExceptionHandler(failures);
    }

    // `levi` alone: show what there is to do, and say it was not a complete command.
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing a command");
    }
}
