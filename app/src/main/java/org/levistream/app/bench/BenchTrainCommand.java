package org.levistream.app.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.levistream.bench.train.TrainThroughput;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code levi bench train}: the command line of the training-step benchmark, which lives in the benchmarks module
 * ({@link TrainThroughput}): training throughput ratios on generated data of the benchmarks' shapes, every number
 * measured in this run, on this machine, at the same thread count.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Measure training samples/s: LEVI vs full fine-tuning (FT) on the same data, LEVI with and "
                + "without the tap cache, for the recommendation model (MovieLens shapes, batch 200) and the image "
                + "model (28x28, batch 512); then the same LEVI recommendation step in PyTorch "
                + "(bench/levi_step.py, run with Debian's python3) vs ours. Prints every number and the ratios."},
        footerHeading = "%nExamples:%n",
        footer = {"  levi bench train                      1 thread, both tasks, the Python peer too",
            "  levi bench train --threads 2 --steps 500",
            "  levi bench train --task rating --no-python"})
public final class BenchTrainCommand implements Callable<Integer> {
    @Option(names = "--threads", defaultValue = "1",
            description = "Intra- and inter-op threads for both engines (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--steps", defaultValue = "300", description = "Timed steps per case (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--warmup", defaultValue = "50", description = "Untimed steps first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--task", defaultValue = "all", description = "rating, image or all (default: ${DEFAULT-VALUE}).")
    String task;

    @Option(names = "--python", defaultValue = "/usr/bin/python3",
            description = "The Python with torch (default: ${DEFAULT-VALUE}, Debian's python3-torch).")
    String python;

    @Option(names = "--script", defaultValue = "bench/levi_step.py",
            description = "The PyTorch peer (default: ${DEFAULT-VALUE}).")
    Path script;

    @Option(names = "--no-python", description = "Skip the PyTorch peer.")
    boolean noPython;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (!List.of("rating", "image", "all").contains(task)) {
            throw new ParameterException(spec.commandLine(), "--task was " + task + " but must be rating, image or all");
        }
        if (threads < 1) {
            throw new ParameterException(spec.commandLine(), "--threads was " + threads + " but must be at least 1");
        }
        TrainThroughput.run(new TrainThroughput.Options(threads, steps, warmup, !task.equals("image"),
                !task.equals("rating"), !noPython, python, script), spec.commandLine().getOut());
        return ExitCode.OK;
    }
}
