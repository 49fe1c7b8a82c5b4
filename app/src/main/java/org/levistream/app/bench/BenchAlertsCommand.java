package org.levistream.app.bench;

import java.util.List;
import java.util.concurrent.Callable;
import org.levistream.bench.evaluator.AlertsBenchmark;
import org.levistream.bench.evaluator.EvaluatorBenchmarks;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code levi bench alerts}: the command line of the alert-rate benchmark, which lives in the benchmarks module
 * ({@link AlertsBenchmark}).
 */
@Command(name = "alerts", mixinStandardHelpOptions = true,
        description = {"Measure how often the evaluator's OOD-degradation alerts fire, on an in-process broker and "
                + "registry with the real evaluator and three held-out topics (1 ID, 2 OOD):",
            "  false alarms  versions that are no worse: the same training under other seeds; the share that "
                    + "raise an OPEN alert, with a 95%% Wilson interval (goal: at most --alpha)",
            "  detection     per --effects size, versions trained on labels shifted up by that much, each after a "
                    + "clean version so that the reference stays clean; the share that raise an alert, and how much "
                    + "worse they truly are on OOD (measured on large sets that were never produced)",
            "",
            "Each version's true metrics also tell whether a 'no worse' version truly was within the margin of its "
                    + "reference: the table shows both. The default run takes several minutes on two cores."},
        footerHeading = "%nExamples:%n",
        footer = {"  levi bench alerts                          200 no-worse versions, 40 per effect",
            "  levi bench alerts --quick                  a smoke test of about a minute",
            "  levi bench alerts --effects 0.05,0.1 --per-effect 100 --margin 1%%"})
public final class BenchAlertsCommand implements Callable<Integer> {
    @Option(names = "--versions", paramLabel = "N", defaultValue = "200",
            description = "No-worse versions (default: ${DEFAULT-VALUE}).")
    int versions;

    @Option(names = "--effects", paramLabel = "SHIFT", split = ",", defaultValue = "0.2,0.3,0.5",
            description = "Label shifts of the worse versions, comma-separated (default: ${DEFAULT-VALUE}).")
    List<Double> effects;

    @Option(names = "--per-effect", paramLabel = "N", defaultValue = "40",
            description = "Worse versions per effect, each after a clean one (default: ${DEFAULT-VALUE}).")
    int perEffect;

    @Option(names = "--seed", defaultValue = "7", description = "Data and model seeds (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--sample", paramLabel = "N", defaultValue = "2000",
            description = "Records per held-out topic, all kept in the evaluator's sample (default: ${DEFAULT-VALUE}).")
    int sample;

    @Option(names = "--margin", defaultValue = "5%",
            description = "evaluator.alert.margin: absolute (0.01) or relative (2%%) (default: ${DEFAULT-VALUE}).")
    String margin;

    @Option(names = "--alpha", defaultValue = "0.05",
            description = "evaluator.alert.alpha, family-wise over a version's topics and metrics "
                    + "(default: ${DEFAULT-VALUE}).")
    String alpha;

    @Option(names = "--quick", description = "Smoke-test sizes (10 no-worse versions, 3 per effect of +0.25 and "
            + "+1.0, 500 records per topic, 100 steps); options given explicitly still apply.")
    boolean quick;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        AlertsBenchmark.Options base = quick ? AlertsBenchmark.Options.quick(seed)
                : AlertsBenchmark.Options.defaults(seed);
        var given = spec.commandLine().getParseResult();
        AlertsBenchmark.Options o = new AlertsBenchmark.Options(
                given.hasMatchedOption("--versions") ? versions : base.noWorse(),
                given.hasMatchedOption("--effects") ? effects : base.effects(),
                given.hasMatchedOption("--per-effect") ? perEffect : base.perEffect(), seed,
                given.hasMatchedOption("--sample") ? sample : base.sample(), base.truth(), base.steps(), margin, alpha);
        if (o.noWorse() < 2 || o.perEffect() < 1 || o.sample() < 10
                || o.effects().stream().anyMatch(e -> !(e > 0 && e <= 4))) {
            throw new ParameterException(spec.commandLine(), "--versions was " + o.noWorse() + ", --per-effect "
                    + o.perEffect() + ", --sample " + o.sample() + " and --effects " + o.effects() + " but they must "
                    + "be at least 2, 1 and 10, and shifts in (0, 4]");
        }
        EvaluatorBenchmarks.alerts(o, spec.commandLine().getOut());
        return ExitCode.OK;
    }
}
