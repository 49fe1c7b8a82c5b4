package org.levistream.app.bench;

import java.util.concurrent.Callable;
import org.levistream.bench.evaluator.EvaluatorBenchmarks;
import org.levistream.bench.evaluator.LatencyBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code levi bench evaluator}: the command line of the evaluator's latency and scoring benchmark, which lives in the
 * benchmarks module ({@link LatencyBenchmark}).
 */
@Command(name = "evaluator", mixinStandardHelpOptions = true,
        description = {"Measure the running evaluator on an in-process broker and registry, with three held-out "
                + "topics (1 ID, 2 OOD) of --records each, fully sampled before the first version:",
            "  latency  from a version's CheckpointEvent being acknowledged to the last of its metrics read on "
                    + "levi.metrics by a read_committed consumer (goal: <= 2 s); median and max over --versions",
            "  scoring  records/s of the evaluator's scoring slices (levi_evaluator_records_scored over the "
                    + "levi_evaluator_slice timer) vs the same decode + Scorer.scoreEach loop over the same records "
                    + "in memory, same slices and chunks, same version, measured right after (goal: ratio >= 0.9)"},
        footerHeading = "%nExamples:%n",
        footer = {"  levi bench evaluator                       5 versions after 2 untimed ones",
            "  levi bench evaluator --quick",
            "  levi bench evaluator --records 50000 --versions 9"})
public final class BenchEvaluatorCommand implements Callable<Integer> {
    @Option(names = "--versions", paramLabel = "N", defaultValue = "5",
            description = "Timed versions (default: ${DEFAULT-VALUE}).")
    int versions;

    @Option(names = "--warm-up", paramLabel = "N", defaultValue = "2",
            description = "Untimed versions first, for the JIT (default: ${DEFAULT-VALUE}).")
    int warmUp;

    @Option(names = "--records", paramLabel = "N", defaultValue = "10000",
            description = "Records per held-out topic (default: ${DEFAULT-VALUE}).")
    int records;

    @Option(names = "--model", paramLabel = "MODEL", defaultValue = "levi",
            description = "The versions scored: levi (LEVI over a frozen MLP backbone, what the evaluator scores in "
                    + "practice) or small-only (the cheapest model there is, so the evaluator's own work weighs most: "
                    + "the worst case) (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--seed", defaultValue = "7", description = "Data and model seeds (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--quick", description = "Smoke-test sizes (2 versions after 1, 1,000 records per topic); "
            + "options given explicitly still apply.")
    boolean quick;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!model.equals("small-only") && !model.equals("levi")) {
            throw new ParameterException(spec.commandLine(), "--model was '" + model
                    + "' but must be small-only or levi");
        }
        LatencyBenchmark.Options base = quick ? LatencyBenchmark.Options.quick(seed)
                : LatencyBenchmark.Options.defaults(seed);
        var given = spec.commandLine().getParseResult();
        LatencyBenchmark.Options o = new LatencyBenchmark.Options(
                given.hasMatchedOption("--versions") ? versions : base.versions(),
                given.hasMatchedOption("--warm-up") ? warmUp : base.warmups(),
                given.hasMatchedOption("--records") ? records : base.records(), seed, base.steps(),
                model.equals("levi"));
        if (o.versions() < 1 || o.warmups() < 0 || o.records() < 1) {
            throw new ParameterException(spec.commandLine(), "--versions was " + o.versions() + ", --warm-up "
                    + o.warmups() + " and --records " + o.records() + " but they must be at least 1, 0 and 1");
        }
        EvaluatorBenchmarks.evaluator(o, spec.commandLine().getOut());
        return ExitCode.OK;
    }
}
