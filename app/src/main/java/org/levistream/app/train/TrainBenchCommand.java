package org.levistream.app.train;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.levistream.app.kafka.KafkaOptions;
import org.levistream.embedded.stack.EmbeddedStack;
import org.levistream.embedded.stack.StackSettings;
import org.levistream.trainer.bench.FreshnessBenchmark;
import org.levistream.trainer.bench.JvmFacts;
import org.levistream.trainer.bench.ThroughputBenchmark;
import org.levistream.trainer.config.TrainerSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code levi bench trainer}: the trainer's two benchmark programs, against Kafka (embedded unless given). */
@Command(name = "trainer", mixinStandardHelpOptions = true,
        description = {
            "Benchmark the trainer on this machine (results depend on it and its load: quote both).",
            "  throughput  samples/s consuming from Kafka vs the trainer's same loop over the same batches in "
                    + "memory, checkpoints included (goal: ratio >= 0.95); also vs the bare steps, no loop around them",
            "  freshness   produce time -> first durable checkpoint including the record, and -> its "
                    + "CheckpointEvent acknowledged, p50/p99 at the given settings (goal: p99 <= 10 s)",
            "",
            "Both run the trainer's defaults (batch 200, checkpoints every 1,000 steps or 5 s, LEVI with Adam) "
                    + "with the stateless featurizer and a MovieLens-sized backbone; --set changes any setting. Without "
                    + "--bootstrap-servers an embedded broker and registry run in this process."},
        footerHeading = "%nExamples:%n",
        footer = {"  levi bench trainer throughput --records 1000000",
            "  levi bench trainer freshness --rate 2000 --seconds 30",
            "  levi bench trainer throughput --set trainer.device=gpu --threads 4"})
public final class TrainBenchCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "WHICH", description = "throughput or freshness")
    String which;

    @Mixin
    KafkaOptions kafka; // embedded when --bootstrap-servers is not given

    @Option(names = "--records", defaultValue = "500000",
            description = "throughput: records (default: ${DEFAULT-VALUE}: 2,500 steps of 200, the first 500 untimed).")
    int records;

    @Option(names = "--rounds", defaultValue = "5",
            description = "throughput: timed rounds of each side, after the warm-up rounds; the medians count "
                    + "(default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--cpu-by-thread",
            description = "throughput: after each round, print the cores each side used by thread group (GC and JIT "
                    + "included), to see where the time went.")
    boolean cpuByThread;

    @Option(names = "--bare-consumer",
            description = "throughput: each round also times the bare steps with a bare consumer beside them, "
                    + "reading the topic at their pace and decoding nothing: the Kafka work no trainer can avoid. "
                    + "Its ratio to the bare steps is the most any Kafka feed can reach on this machine.")
    boolean bareConsumer;

    @Option(names = "--partitions", defaultValue = "3", description = "Partitions of the topic (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--rate", defaultValue = "2000", description = "freshness: records/s (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--seconds", defaultValue = "30", description = "freshness: seconds of producing (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--threads", description = "libtorch intra- and inter-op threads (default: libtorch's).")
    Integer threads;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a trainer or model setting.")
    List<String> sets;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (rounds < 1) {
            throw new ParameterException(spec.commandLine(), "--rounds was " + rounds
                    + " but must be at least 1");
        }
        TrainerRun.threads(threads);
        Map<String, String> overrides = TrainerSettings.parseAssignments(sets == null ? List.of() : sets);
        String bootstrapServers = kafka.bootstrapServersFlag().orElse(null);
        String registryUrl = kafka.schemaRegistryUrl(System.getenv());
        Path work = Files.createTempDirectory("levi-train-bench");
        try {
            if (bootstrapServers != null) {
                return run(bootstrapServers, registryUrl, work, overrides);
            }
            try (EmbeddedStack stack = EmbeddedStack.start(StackSettings.forTests())) {
                return run(stack.bootstrapServers(), stack.registryUrl(), work, overrides);
            }
        } finally {
            deleteQuietly(work); // checkpoints and the backbone of a benchmark are of no use afterwards
        }
    }

    private int run(String bootstrap, String registry, Path work, Map<String, String> overrides) throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%s, %d CPU(s), work dir %s%n", JvmFacts.describe(),
                Runtime.getRuntime().availableProcessors(), work);
        out.flush();
        switch (which) {
            case "throughput" -> {
                out.printf(Locale.ROOT, "throughput: %,d records, %d partitions; untimed warm-up rounds until the JIT "
                        + "uses under %.2f of a core on every side (at most %d), then %d rounds of: the bare steps over "
                        + "batches in memory, the trainer's loop over the same batches in memory (the floor), the "
                        + "trainer from Kafka%n", records, partitions, ThroughputBenchmark.QUIET_JIT_CORES,
                        ThroughputBenchmark.MAX_WARMUP_ROUNDS, rounds);
                out.flush();
                ThroughputBenchmark.Result r = ThroughputBenchmark.run(bootstrap, registry, work, overrides, records,
                        partitions, rounds, bareConsumer, (round, number, timed) -> print(out, round, number, timed));
                out.printf(Locale.ROOT, "median on %s after %d warm-up rounds: floor (loop in memory) %,.0f samples/s, "
                        + "from Kafka %,.0f samples/s, ratio %.3f (goal >= 0.95); median of the rounds' ratios %.3f%n",
                        r.device(), r.warmups(), r.medianPerSec(ThroughputBenchmark.Round::floor),
                        r.medianPerSec(ThroughputBenchmark.Round::kafka), r.ratio(), r.medianRoundRatio());
                out.printf(Locale.ROOT, "  against the bare steps in memory (%,.0f samples/s): ratio %.3f, median of "
                        + "the rounds' ratios %.3f%n", r.medianPerSec(ThroughputBenchmark.Round::steps), r.stepsRatio(),
                        r.medianRoundStepsRatio());
                r.medianBareRatio().ifPresent(b -> out.printf(Locale.ROOT, "median of the rounds' bare steps with a "
                        + "bare consumer / bare steps: %.3f (the most a Kafka feed reaches here)%n", b));
            }
            case "freshness" -> {
                FreshnessBenchmark.Result r = FreshnessBenchmark.run(bootstrap, registry, work, overrides, rate,
                        seconds, partitions);
                out.printf(Locale.ROOT, "freshness: %,d records at %,.0f/s, %d checkpoints%n", r.records(),
                        r.ratePerSec(), r.checkpoints());
                out.printf("  produce -> durable checkpoint   %s%n", r.toCheckpoint());
                out.printf("  produce -> CheckpointEvent acked %s   (goal p99 <= 10,000 ms)%n", r.toEvent());
            }
            default -> {
                spec.commandLine().getErr().println("levi bench trainer: WHICH was '" + which
                        + "' but must be throughput or freshness");
                return ExitCode.USAGE;
            }
        }
        out.flush();
        return ExitCode.OK;
    }

    private void print(PrintWriter out, ThroughputBenchmark.Round x, int number, boolean timed) {
        ThroughputBenchmark.Run steps = x.steps();
        ThroughputBenchmark.Run floor = x.floor();
        ThroughputBenchmark.Run kafka = x.kafka();
        out.printf(Locale.ROOT, "  %s %d  floor %,9.0f samples/s (%.2f ms/step, %d checkpoints)   from Kafka %,9.0f "
                + "samples/s (%.2f ms/step, %.2f ms/step waiting, %d checkpoints)   ratio %.3f%s%n",
                timed ? "round" : "warm-up", number, floor.perSec(), floor.stepMillis(), floor.checkpoints(),
                kafka.perSec(), kafka.stepMillis(), kafka.waitMillis(), kafka.checkpoints(), x.ratio(),
                timed ? "" : " (untimed)");
        out.printf(Locale.ROOT, "      bare steps %,9.0f samples/s (%.2f ms/step), Kafka / bare steps %.3f   JIT %.2f / "
                + "%.2f / %.2f cores (bare steps / floor / Kafka)%n", steps.perSec(), steps.stepMillis(),
                x.stepsRatio(), steps.jitCores(), floor.jitCores(), kafka.jitCores());
        x.bare().ifPresent(b -> out.printf(Locale.ROOT, "      bare steps with a bare consumer beside them %,9.0f "
                + "samples/s (%,d records read meanwhile)   ratio to the bare steps %.3f%n", b.perSec(), b.consumed(),
                b.perSec() / steps.perSec()));
        if (cpuByThread) {
            out.printf("    cores, bare steps: %s%n    cores, floor:      %s%n    cores, Kafka run:  %s%n",
                    steps.cpu(), floor.cpu(), kafka.cpu());
            x.bare().ifPresent(b -> out.printf("    cores, bare steps with the bare consumer:  %s%n", b.cpu()));
        }
        out.flush();
    }

    private static void deleteQuietly(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
