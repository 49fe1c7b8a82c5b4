package org.levistream.app.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.levistream.app.kafka.KafkaOptions;
import org.levistream.bench.parity.ParityProgram;
import org.levistream.experiment.offline.EngineThreads;
import org.levistream.model.levi.Method;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code levi bench parity}: the command line of the streaming-equals-offline check, which lives in the benchmarks
 * module ({@link ParityProgram}).
 */
@Command(name = "parity", mixinStandardHelpOptions = true,
        description = {"Does training from Kafka give the model 'levi experiment' gives? Loads the benchmark's sets as "
                + "'levi experiment' does, writes the training set to topics, and for each method trains with the "
                + "seed, epochs, batch size and learning rate the offline protocol chose (read from <results>/"
                + "<benchmark>.json): offline as the protocol does (reshuffled every epoch), offline in the topic's "
                + "order, the trainer over the topic with trainer.epochs, and (images) the trainer over one copy per "
                + "epoch in the offline epochs' orders, one bounded run per epoch. Every final model is scored on the "
                + "ID test and OOD sets by the offline scorer.",
            "Criteria: where both sides train on the same batches, every metric within 1% (relative); where the "
                + "order differs (a topic replays one order), within one standard deviation of the offline seeds.",
            "Without --bootstrap-servers an embedded broker and registry run in this process."},
        footerHeading = "%nExamples:%n",
        footer = {"  levi bench parity --benchmark digits             LEVI and FT, seed 1 (a few minutes)",
            "  levi bench parity --benchmark movielens --methods levi,ft,lp",
            "  levi bench parity --benchmark digits --quick     generated data, under a minute"})
public final class BenchParityCommand implements Callable<Integer> {
    @Option(names = "--benchmark", required = true, paramLabel = "NAME", description = "movielens or digits.")
    String benchmark;

    @Mixin
    KafkaOptions kafka; // embedded when --bootstrap-servers is not given

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "${env:LEVI_DATA_DIR:-data}",
            description = "The fetch script's data folder (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--backbones", paramLabel = "DIR", defaultValue = "${env:LEVI_BACKBONES:-data/backbones}",
            description = "Where 'levi pretrain' put them (default: ${DEFAULT-VALUE}).")
    Path backbones;

    @Option(names = "--split", paramLabel = "FILE",
            description = "The benchmark's split file (default: config/split-<benchmark>.yaml).")
    Path split;

    @Option(names = "--results", paramLabel = "DIR", defaultValue = "docs/results",
            description = "Where 'levi experiment' wrote <benchmark>.json, whose settings, learning rates and seed "
                    + "statistics are used (default: ${DEFAULT-VALUE}).")
    Path results;

    @Option(names = "--methods", split = ",", paramLabel = "M", defaultValue = "levi,ft",
            description = "Methods compared (default: ${DEFAULT-VALUE}).")
    List<String> methods;

    @Option(names = "--seed", defaultValue = "1", description = "The runs' seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--partitions", defaultValue = "3",
            description = "Partitions of the training topics (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--threads", defaultValue = "${env:LEVI_THREADS:-1}", paramLabel = "N",
            description = "PyTorch threads, as levi experiment's (default: ${DEFAULT-VALUE}; 0: one per core).")
    int threads;

    @Option(names = "--quick", description = "Generated data, backbones pre-trained for one epoch, two epochs.")
    boolean quick;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!List.of("movielens", "digits").contains(benchmark)) {
            throw new ParameterException(spec.commandLine(), "--benchmark was " + benchmark
                    + " but must be movielens or digits");
        }
        if (partitions < 1 || threads < 0) {
            throw new ParameterException(spec.commandLine(), "--partitions was " + partitions + " and --threads "
                    + threads + " but they must be at least 1 and at least 0");
        }
        Path splitFile = split != null ? split : Path.of("config", "split-" + benchmark + ".yaml");
        Path json = results.resolve(benchmark + ".json");
        if (!quick && !json.toFile().isFile()) {
            throw new ParameterException(spec.commandLine(), "--results was " + results + " but it holds no "
                    + benchmark + ".json; run 'levi experiment --benchmark " + benchmark + "' first, or use --quick");
        }
        EngineThreads.configure(threads);
        ParityProgram.run(new ParityProgram.Request(benchmark, dataDir, backbones, splitFile, json, parse(methods),
                seed, partitions, quick, kafka.bootstrapServersFlag().orElse(null),
                kafka.schemaRegistryUrl(System.getenv())), spec.commandLine().getOut());
        return ExitCode.OK;
    }

    private List<Method> parse(List<String> names) {
        List<Method> parsed = new ArrayList<>();
        for (String name : names) {
            Method found = null;
            for (Method m : Method.values()) {
                if (m.settingName().equals(name.trim().toLowerCase(Locale.ROOT))) {
                    found = m;
                }
            }
            if (found == null) {
                throw new ParameterException(spec.commandLine(), "--methods had " + name + " but each must be one of "
                        + java.util.Arrays.stream(Method.values()).map(Method::settingName).toList());
            }
            parsed.add(found);
        }
        return parsed;
    }
}
