package org.levistream.app.experiment;

import ai.djl.Device;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.levistream.app.offline.BackboneCatalog;
import org.levistream.app.offline.BackboneSource;
import org.levistream.app.offline.ColdStartIds;
import org.levistream.app.offline.DigitsSplits;
import org.levistream.app.offline.EngineThreads;
import org.levistream.app.offline.GeneratedData;
import org.levistream.app.offline.LoadSettings;
import org.levistream.app.offline.MovieLensSplits;
import org.levistream.app.offline.OfflineSplits;
import org.levistream.app.offline.RatingSet;
import org.levistream.app.offline.ScratchDirectory;
import org.levistream.app.pretrain.PretrainCommand;
import org.levistream.model.levi.Method;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** {@code levi experiment}: the offline reproduction of the paper's comparison on real data. */
@Command(name = "experiment", mixinStandardHelpOptions = true,
        description = {"Run the paper's offline protocol: pre-training / fine-tuning (ID) / test (OOD) sets from the "
                + "split files; per method, the learning rate is chosen on an ID validation slice only (grid "
                + "1e-4..1e-1, LP 1e-3..10); then each method is trained with several seeds and scored on the ID test "
                + "set and every OOD set. Writes <benchmark>.md, .json and .svg into the output folder.",
            "Needs the backbones of 'levi pretrain' (except with --quick)."},
        footerHeading = "%nExamples:%n",
        footer = {"  levi experiment --benchmark movielens            RMSE/MAE, OOD = ratings from 2009",
            "  levi experiment --benchmark digits               accuracy/NLL, OOD = rotated MNIST, optical digits",
            "  levi experiment --benchmark digits --set model.taps=layer2,layer3 --name taps23",
            "  levi experiment --quick --out /tmp/r             tiny generated data, under a minute"})
public final class ExperimentCommand implements Callable<Integer> {
    @Option(names = "--benchmark", defaultValue = "all", paramLabel = "NAME",
            description = "movielens, digits or all (default: ${DEFAULT-VALUE}).")
    String benchmark;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "${env:LEVI_DATA_DIR:-data}",
            description = "The fetch script's data folder (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--backbones", paramLabel = "DIR", defaultValue = "${env:LEVI_BACKBONES:-data/backbones}",
            description = "Where 'levi pretrain' put them (default: ${DEFAULT-VALUE}).")
    Path backbones;

    @Option(names = "--split-movielens", paramLabel = "FILE", defaultValue = "config/split-movielens.yaml",
            description = "The MovieLens split file, as ingest uses it (default: ${DEFAULT-VALUE}).")
    Path movieLensSplit;

    @Option(names = "--split-digits", paramLabel = "FILE", defaultValue = "config/split-digits.yaml",
            description = "The image split file, as ingest uses it (default: ${DEFAULT-VALUE}).")
    Path digitsSplit;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "docs/results",
            description = "Results folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--name", paramLabel = "SUFFIX", description = "Suffix of the result files, for variants.")
    String name;

    @Option(names = "--methods", split = ",", paramLabel = "M",
            defaultValue = "levi,ft,lp,lp-ft,small-only,levi-last-layer",
            description = "Methods, in table order (default: ${DEFAULT-VALUE}).")
    List<String> methods;

    @Option(names = "--seeds", split = ",", defaultValue = "1,2,3",
            description = "One model per seed and rate; rates are chosen by the mean over them (default: "
                    + "${DEFAULT-VALUE}).")
    List<Long> seeds;

    @Option(names = "--epochs", defaultValue = "0",
            description = "Epochs per run; 0 for the benchmark's default (movielens 5, digits 8).")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "0",
            description = "Examples per step; 0 for the paper's (movielens 200, digits 512).")
    int batchSize;

    @Option(names = "--train-limit", defaultValue = "-1",
            description = "Cap on training examples; -1 for the benchmark's default (movielens none, digits 10000).")
    int trainLimit;

    @Option(names = "--test-limit", defaultValue = "-1",
            description = "Cap on ID test and per-OOD-set examples; -1 for the default (movielens none, digits 2000).")
    int testLimit;

    @Option(names = "--validation-fraction", defaultValue = "0.1",
            description = "Share of the live records held out for validation (default: ${DEFAULT-VALUE}).")
    double validationFraction;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "A model.* setting for every method, e.g. model.projection.width=64 (repeatable).")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--id-init", defaultValue = "random",
            description = "Initial id-table rows of the small model: random (the model's default) or zeros.")
    String idInit;

    @Option(names = "--unknown-ids", defaultValue = "0", paramLabel = "SHARE",
            description = "Cold-start ids (MovieLens): ids unseen in training are scored as one shared unknown id, "
                    + "and this share of training examples is shown with unknown ids; 0 (default) keeps every id.")
    double unknownIds;

    @Option(names = "--no-cache", description = "Do not cache frozen-backbone taps (slower; same results).")
    boolean noCache;

    @Option(names = "--device", defaultValue = "auto", description = "auto, cpu or gpu (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--threads", defaultValue = "${env:LEVI_THREADS:-1}", paramLabel = "N",
            description = "PyTorch threads (default: ${DEFAULT-VALUE}; env LEVI_THREADS; 0: one per core).")
    int threads;

    @Option(names = "--quick", description = "Tiny generated data, tiny backbones, one epoch: under a minute.")
    boolean quick;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        List<String> benchmarks = switch (benchmark) {
            case "all" -> List.of("movielens", "digits");
            case "movielens", "digits" -> List.of(benchmark);
            default -> throw new ParameterException(spec.commandLine(), "--benchmark was " + benchmark
                    + " but must be movielens, digits or all");
        };
        if (threads < 0) {
            throw new ParameterException(spec.commandLine(), "--threads was " + threads + " but must be >= 0");
        }
        EngineThreads.configure(threads);
        PrintWriter console = spec.commandLine().getOut();
        Device dev = PretrainCommand.resolveDevice(spec, device);
        settings(false); // reports bad settings before any work
        if (!quick) {
            for (String b : benchmarks) {
                runBenchmark(b, dataDir, BackboneCatalog.open(backbones), dev, console);
            }
            return ExitCode.OK;
        }
        try (ScratchDirectory data = ScratchDirectory.create("levi-quick-data");
             ScratchDirectory quickBackbones = ScratchDirectory.create("levi-quick-backbones")) {
            GeneratedData.write(data.path(), 7);
            int code = quickPretrain(data.path(), quickBackbones.path(), benchmarks);
            if (code != 0) {
                return code;
            }
            for (String b : benchmarks) {
                runBenchmark(b, data.path(), BackboneCatalog.open(quickBackbones.path()), dev, console);
            }
        }
        return ExitCode.OK;
    }

    private void runBenchmark(String b, Path data, BackboneCatalog catalog, Device dev, PrintWriter console)
            throws IOException {
        boolean images = b.equals("digits");
        ProtocolSettings settings = settings(images);
        OfflineSplits splits = load(b, data);
        if (unknownIds > 0 && !images) {
            splits = new ColdStartIds((RatingSet) splits.train(), MovieLensSplits.BUCKETS, unknownIds, 11).apply(splits);
        }
        console.println(b + ": " + splits.summary());
        BackboneSource source = catalog.source(images ? PretrainCommand.FASHION : PretrainCommand.MOVIELENS, dev);
        String label = name == null ? b : b + "-" + name;
        Protocol protocol = new Protocol(label, splits, source, settings, dev, new ConsoleListener(console, label),
                quick ? null : console);
        ExperimentResult result = protocol.run();
        Map<String, String> provenance = RunProvenance.describe(dev);
        if (unknownIds > 0 && !images) {
            provenance.put("cold-start ids", "ids unseen in training scored as one unknown id; " + unknownIds
                    + " of training examples shown with unknown ids (--unknown-ids)");
        }
        List<Path> files = ResultsWriter.write(out, result, commandLine(), provenance);
        console.println(ResultsWriter.markdown(result, commandLine(), Map.of(), files.get(2).getFileName().toString()));
        console.println("wrote " + files);
        console.flush();
    }

    private ProtocolSettings settings(boolean images) {
        List<Method> parsed = new ArrayList<>();
        for (String m : methods) {
            parsed.add(method(m));
        }
        int e = epochs > 0 ? epochs : quick ? 1 : images ? 8 : 5;
        int batch = batchSize > 0 ? batchSize : images ? 512 : 200;
        try {
            if (!(unknownIds >= 0 && unknownIds < 1)) {
                throw new ParameterException(spec.commandLine(), "--unknown-ids was " + unknownIds
                        + " but must be in [0, 1)");
            }
            if (!List.of("random", "zeros").contains(idInit)) {
                throw new ParameterException(spec.commandLine(), "--id-init was " + idInit + " but must be random or zeros");
            }
            return new ProtocolSettings(parsed, seeds, e, batch, overrides, noCache ? 0 : 400_000,
                    idInit.equals("zeros"));
        } catch (org.levistream.common.config.InvalidConfigException ex) {
            throw new ParameterException(spec.commandLine(), ex.getMessage());
        }
    }

    private Method method(String text) {
        for (Method m : Method.values()) {
            if (m.settingName().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return m;
            }
        }
        throw new ParameterException(spec.commandLine(), "--methods had " + text + " but each must be one of "
                + java.util.Arrays.stream(Method.values()).map(Method::settingName).toList());
    }

    private OfflineSplits load(String b, Path data) throws IOException {
        try {
            if (b.equals("movielens")) {
                var limits = new LoadSettings(validationFraction, 20240612L, limit(trainLimit, 0, 0),
                        0, limit(testLimit, 0, 0), limit(testLimit, 0, 0), false);
                return MovieLensSplits.load(data.resolve("movielens/movielens.csv"),
                        data.resolve("glove/glove-100d.bin"), PretrainCommand.loadPlan(spec, movieLensSplit), limits);
            }
            var limits = new LoadSettings(validationFraction, 20240612L, limit(trainLimit, 10000, 300),
                    quick ? 100 : 1000, limit(testLimit, 2000, 100), limit(testLimit, 2000, 100), false);
            return DigitsSplits.load(data, PretrainCommand.loadPlan(spec, digitsSplit), limits);
        } catch (org.levistream.common.config.InvalidConfigException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private int limit(int option, int realDefault, int quickDefault) {
        return option >= 0 ? option : quick ? quickDefault : realDefault;
    }

    private int quickPretrain(Path data, Path backboneDir, List<String> benchmarks) {
        List<String> args = new ArrayList<>(List.of("--data-dir", data.toString(), "--out", backboneDir.toString(),
                "--split-movielens", movieLensSplit.toString(), "--split-digits", digitsSplit.toString(),
                "--epochs", "1", "--device", device, "--only",
                String.join(",", benchmarks).replace("digits", PretrainCommand.FASHION)));
        CommandLine pretrain = new CommandLine(new PretrainCommand());
        pretrain.setOut(new PrintWriter(java.io.Writer.nullWriter()));
        pretrain.setErr(spec.commandLine().getErr());
        pretrain.setParameterExceptionHandler((e, ignored) -> {
            spec.commandLine().getErr().println(spec.qualifiedName() + ": " + e.getMessage());
            return ExitCode.USAGE;
        });
        return pretrain.execute(args.toArray(String[]::new));
    }

    private String commandLine() {
        return "levi " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
    }

}
