package org.levistream.app.bench;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.levistream.bench.minilm.MiniLmBenchmark;
import org.levistream.experiment.offline.EngineThreads;
import org.levistream.model.backbone.bert.MiniLm;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code levi bench minilm}: the command line of {@link MiniLmBenchmark}. */
@Command(name = "minilm", mixinStandardHelpOptions = true,
        description = {"How fast is our DJL MiniLM encoder next to ONNX Runtime on the original ONNX file? Both get "
                + "the same batches of token ids (tokenized once, untimed), one thread each; prints sentences/s of "
                + "each per round and the ratio of the medians.",
            "Needs the files of 'scripts/fetch-data.sh --only minilm'."},
        footerHeading = "%nExamples:%n",
        footer = {"  levi bench minilm                       batch 64, 4 batches, 5 rounds",
            "  levi bench minilm --rounds 9 --batches 8"})
public final class BenchMiniLmCommand implements Callable<Integer> {
    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "${env:LEVI_DATA_DIR:-data}",
            description = "The fetch script's data folder (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--batch", defaultValue = "64", description = "Sentences per forward (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--batches", defaultValue = "4", description = "Batches per round (default: ${DEFAULT-VALUE}).")
    int batches;

    @Option(names = "--rounds", defaultValue = "5", description = "Timed rounds (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--seed", defaultValue = "7", description = "Seeds the sentences (default: ${DEFAULT-VALUE}).")
    long seed;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (batch < 1 || batches < 1 || rounds < 1) {
            throw new ParameterException(spec.commandLine(), "--batch was " + batch + ", --batches " + batches
                    + " and --rounds " + rounds + " but each must be at least 1");
        }
        Path folder = MiniLm.dataFolder(dataDir);
        if (!folder.resolve(MiniLm.ONNX_FILE).toFile().isFile()) {
            throw new ParameterException(spec.commandLine(), "--data-dir was " + dataDir + " but " + folder
                    + " has no " + MiniLm.ONNX_FILE + "; run 'scripts/fetch-data.sh --only minilm' first");
        }
        EngineThreads.configure(1);
        MiniLmBenchmark.run(new MiniLmBenchmark.Request(folder, batch, batches, rounds, seed),
                spec.commandLine().getOut());
        return ExitCode.OK;
    }
}
