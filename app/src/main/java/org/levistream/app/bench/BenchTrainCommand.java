package org.levistream.app.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.levistream.bench.train.TextThroughput;
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
                + "(bench/levi_step.py, run with Debian's python3) vs ours; and, where the fetched reviews and MiniLM "
                + "are in --data-dir, the review-text step: LEVI over cached MiniLM views vs FT of MiniLM's top "
                + "layers, on the same batches. Prints every number and the ratios."},
        footerHeading = "%nExamples:%n",
        footer = {"  levi bench train                      1 thread, both tasks, the Python peer too",
            "  levi bench train --threads 2 --steps 500",
            "  levi bench train --task rating --no-python",
            "  levi bench train --task text          MiniLM: LEVI (views) vs FT (top layer)"})
public final class BenchTrainCommand implements Callable<Integer> {
    @Option(names = "--threads", defaultValue = "1",
            description = "Intra- and inter-op threads for both engines (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--steps", defaultValue = "300", description = "Timed steps per case (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--warmup", defaultValue = "50", description = "Untimed steps first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--task", defaultValue = "all",
            description = "rating, image, text or all (default: ${DEFAULT-VALUE}).")
    String task;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "${env:LEVI_DATA_DIR:-data}",
            description = "For text: the fetch script's folder with amazon/ and backbones/minilm-l6/; all includes "
                    + "text only where they are (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--text-steps", defaultValue = "20",
            description = "Timed steps per text case; an FT step takes seconds (default: ${DEFAULT-VALUE}).")
    int textSteps;

    @Option(names = "--text-reviews", defaultValue = "1000",
            description = "Reviews the text case reads and caches (default: ${DEFAULT-VALUE}).")
    int textReviews;

    @Option(names = "--top-layers", defaultValue = "1",
            description = "FT's top MiniLM layers in the text case (default: ${DEFAULT-VALUE}).")
    int topLayers;

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
        if (!List.of("rating", "image", "text", "all").contains(task)) {
            throw new ParameterException(spec.commandLine(), "--task was " + task
                    + " but must be rating, image, text or all");
        }
        if (textSteps < 1 || textReviews < TextThroughput.BATCH_SIZE || topLayers < 1 || topLayers > 6) {
            throw new ParameterException(spec.commandLine(), "--text-steps was " + textSteps + ", --text-reviews "
                    + textReviews + " and --top-layers " + topLayers + " but they must be at least 1, at least "
                    + TextThroughput.BATCH_SIZE + " (one batch) and in [1, 6]");
        }
        boolean text = task.equals("text") || task.equals("all") && TextThroughput.available(dataDir);
        if (task.equals("text") && !TextThroughput.available(dataDir)) {
            throw new ParameterException(spec.commandLine(), "--task text needs " + dataDir
                    + "/amazon/fine-foods.jsonl and MiniLM in " + dataDir + "/backbones/minilm-l6; run "
                    + "'scripts/fetch-data.sh --only amazon,minilm'");
        }
        if (threads < 1) {
            throw new ParameterException(spec.commandLine(), "--threads was " + threads + " but must be at least 1");
        }
        if (!task.equals("text")) {
            TrainThroughput.run(new TrainThroughput.Options(threads, steps, warmup, !task.equals("image"),
                    !task.equals("rating"), !noPython, python, script), spec.commandLine().getOut());
        }
        if (text) {
            TextThroughput.run(new TextThroughput.Options(dataDir, textReviews, threads, Math.min(warmup, 3),
                    textSteps, topLayers), spec.commandLine().getOut());
        }
        return ExitCode.OK;
    }
}
