package org.levistream.bench.trainer;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.levistream.bench.measure.JvmFacts;
import org.levistream.embedded.stack.EmbeddedStack;
import org.levistream.embedded.stack.StackSettings;

/**
 * {@code levi bench trainer}: runs the trainer's throughput, freshness or uneven-partitions benchmark against Kafka (an embedded broker
 * and registry unless given one) in a temporary work folder, and prints its figures.
 */
public final class TrainerBenchmarks {
    /** Which benchmark; the command line's {@code WHICH}. */
    public static final String THROUGHPUT = "throughput";

    /** Which benchmark; the command line's {@code WHICH}. */
    public static final String FRESHNESS = "freshness";

    /** Which benchmark; the command line's {@code WHICH}. */
    public static final String UNEVEN = "uneven";

    /**
     * What to run.
     *
     * @param which            {@value #THROUGHPUT}, {@value #FRESHNESS} or {@value #UNEVEN}
     * @param bootstrapServers a running Kafka, or {@code null} for an embedded one
     * @param registryUrl      the registry with {@code bootstrapServers}, or {@code null} for the default
     * @param stream           throughput: {@code interactions} or {@code images}
     * @param records          throughput and uneven: records; 0 for the stream's default (throughput: 500,000
     *                         interactions or 51,200 images; uneven: 500,000)
     * @param rounds           throughput and uneven: timed rounds
     * @param cpuByThread      throughput: print the cores by thread group after each round
     * @param bareConsumer     throughput: also time the bare steps beside a bare consumer
     * @param partitions       partitions of the topic
     * @param rate             freshness: records/s
     * @param seconds          freshness: seconds of producing
     * @param overrides        trainer and model settings over the benchmark's
     */
    public record Options(String which, String bootstrapServers, String registryUrl, String stream, int records,
                          int rounds,
                          boolean cpuByThread, boolean bareConsumer, int partitions, int rate, int seconds,
                          Map<String, String> overrides) {
        /** Copies the overrides. */
        public Options {
            overrides = Map.copyOf(overrides);
        }
    }

    private TrainerBenchmarks() {
    }

    /**
     * Runs one benchmark and prints its figures.
     *
     * @param options what to run
     * @param out     where the figures go
     * @param err     where a bad {@code which} is reported
     * @return 0, or 2 when {@code which} names no benchmark
     * @throws Exception if Kafka or the trainer fails
     */
    public static int run(Options options, PrintWriter out, PrintWriter err) throws Exception {
        try {
            BenchStream.named(options.stream());
        } catch (IllegalArgumentException e) {
            err.println("levi bench trainer: --stream was " + e.getMessage());
            return 2;
        }
        if (!options.which().equals(THROUGHPUT) && !options.stream().equals(BenchStream.INTERACTIONS.name())) {
            err.println("levi bench trainer: --stream was " + options.stream() + " but " + options.which()
                    + " runs on interactions only; images are measured by throughput");
            return 2;
        }
        Path work = Files.createTempDirectory("levi-train-bench");
        try {
            if (options.bootstrapServers() != null) {
                return run(options, options.bootstrapServers(),
                        options.registryUrl() == null ? "http://localhost:8081" : options.registryUrl(), work, out,
                        err);
            }
            try (EmbeddedStack stack = EmbeddedStack.start(StackSettings.forTests())) {
                return run(options, stack.bootstrapServers(), stack.registryUrl(), work, out, err);
            }
        } finally {
            deleteQuietly(work); // checkpoints and the backbone of a benchmark are of no use afterwards
        }
    }

    private static int run(Options o, String bootstrap, String registry, Path work, PrintWriter out, PrintWriter err)
            throws Exception {
        out.printf("%s, %d CPU(s), work dir %s%n", JvmFacts.describe(),
                Runtime.getRuntime().availableProcessors(), work);
        out.flush();
        switch (o.which()) {
            case THROUGHPUT -> throughput(o, bootstrap, registry, work, out);
            case FRESHNESS -> freshness(o, bootstrap, registry, work, out);
            case UNEVEN -> uneven(o, bootstrap, registry, work, out);
            default -> {
                err.println("levi bench trainer: WHICH was '" + o.which()
                        + "' but must be throughput, freshness or uneven");
                return 2;
            }
        }
        out.flush();
        return 0;
    }

    private static void throughput(Options o, String bootstrap, String registry, Path work, PrintWriter out)
            throws Exception {
        int records = o.records() > 0 ? o.records() : BenchStream.named(o.stream()).defaultRecords();
        out.printf(Locale.ROOT, "throughput: %,d %s, %d partitions; untimed warm-up rounds until the JIT "
                + "uses under %.2f of a core on every side (at most %d), then %d rounds of: the bare steps over "
                + "batches in memory, the trainer's loop over the same batches in memory (the floor), the "
                + "trainer from Kafka%n", records, o.stream(), o.partitions(), ThroughputBenchmark.QUIET_JIT_CORES,
                ThroughputBenchmark.MAX_WARMUP_ROUNDS, o.rounds());
        out.flush();
        ThroughputResult r = ThroughputBenchmark.run(bootstrap, registry, o.stream(), work, o.overrides(), records,
                o.partitions(), o.rounds(), o.bareConsumer(),
                (round, number, timed) -> print(out, round, number, timed, o.cpuByThread()));
        out.printf(Locale.ROOT, "median on %s after %d warm-up rounds: floor (loop in memory) %,.0f samples/s, "
                + "from Kafka %,.0f samples/s, ratio %.3f (goal >= 0.95); median of the rounds' ratios %.3f%n",
                r.device(), r.warmups(), r.medianPerSec(ThroughputResult.Round::floor),
                r.medianPerSec(ThroughputResult.Round::kafka), r.ratio(), r.medianRoundRatio());
        out.printf(Locale.ROOT, "  against the bare steps in memory (%,.0f samples/s): ratio %.3f, median of "
                + "the rounds' ratios %.3f%n", r.medianPerSec(ThroughputResult.Round::steps), r.stepsRatio(),
                r.medianRoundStepsRatio());
        r.medianBareRatio().ifPresent(b -> out.printf(Locale.ROOT, "median of the rounds' bare steps with a "
                + "bare consumer / bare steps: %.3f (the most a Kafka feed reaches here)%n", b));
    }

    private static void freshness(Options o, String bootstrap, String registry, Path work, PrintWriter out)
            throws Exception {
        FreshnessBenchmark.Result r = FreshnessBenchmark.run(bootstrap, registry, work, o.overrides(), o.rate(),
                o.seconds(), o.partitions());
        out.printf(Locale.ROOT, "freshness: %,d records at %,.0f/s, %d checkpoints%n", r.records(),
                r.ratePerSec(), r.checkpoints());
        out.printf("  produce -> durable checkpoint   %s%n", r.toCheckpoint());
        out.printf("  produce -> CheckpointEvent acked %s   (goal p99 <= 10,000 ms)%n", r.toEvent());
    }

    private static void uneven(Options o, String bootstrap, String registry, Path work, PrintWriter out)
            throws Exception {
        int records = o.records() > 0 ? o.records() : BenchStream.INTERACTIONS.defaultRecords();
        out.printf(Locale.ROOT, "uneven: a live trainer over %,d records on 3 partitions holding 1 : 0.5 : 1 of them "
                + "vs 1 : 1 : 1, produced before it starts, timed from its first step to its last record; one "
                + "untimed warm-up round, then %d rounds alternating which runs first%n", records, o.rounds());
        out.flush();
        UnevenBenchmark.Result r = UnevenBenchmark.run(bootstrap, registry, work, o.overrides(), records,
                o.rounds(), (round, number, timed) -> {
                    out.printf(Locale.ROOT, "  %s %d  equal %,9.0f records/s   uneven %,9.0f records/s   ratio %.3f%s%n",
                            timed ? "round" : "warm-up", number, round.equalPerSec(), round.unevenPerSec(),
                            round.ratio(), timed ? "" : " (untimed)");
                    out.flush();
                });
        out.printf(Locale.ROOT, "median: equal partitions %,.0f records/s, uneven %,.0f records/s, ratio %.3f "
                + "(goal >= 0.9); median of the rounds' ratios %.3f%n", r.medianEqual(), r.medianUneven(), r.ratio(),
                r.medianRoundRatio());
    }

    private static void print(PrintWriter out, ThroughputResult.Round x, int number, boolean timed,
                              boolean cpuByThread) {
        ThroughputResult.Run steps = x.steps();
        ThroughputResult.Run floor = x.floor();
        ThroughputResult.Run kafka = x.kafka();
        out.printf(Locale.ROOT, "  %s %d  floor %,9.0f samples/s (%.2f ms/step, %d checkpoints)   from Kafka %,9.0f "
                + "samples/s (%.2f ms/step, %.2f ms/step waiting, %d checkpoints)   ratio %.3f%s%n",
                timed ? "round" : "warm-up", number, floor.perSec(), floor.stepMillis(), floor.checkpoints(),
                kafka.perSec(), kafka.stepMillis(), kafka.waitMillis(), kafka.checkpoints(), x.ratio(),
                timed ? "" : " (untimed)");
        out.printf(Locale.ROOT, "      bare steps %,9.0f samples/s (%.2f ms/step), Kafka / bare steps %.3f   "
                + "JIT %.2f / %.2f / %.2f cores (bare steps / floor / Kafka)%n", steps.perSec(), steps.stepMillis(),
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
