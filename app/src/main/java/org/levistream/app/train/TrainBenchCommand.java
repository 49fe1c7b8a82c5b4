package org.levistream.app.train;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.levistream.app.kafka.KafkaOptions;
import org.levistream.bench.trainer.TrainerBenchmarks;
import org.levistream.trainer.config.TrainerSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code levi bench trainer}: the trainer's three benchmark programs, against Kafka (embedded unless given). The
 * programs live in the benchmarks module ({@link TrainerBenchmarks}); this is their command line.
 */
@Command(name = "trainer", mixinStandardHelpOptions = true,
        description = {
            "Benchmark the trainer on this machine (results depend on it and its load: quote both).",
            "  throughput  samples/s consuming from Kafka vs the trainer's same loop over the same batches in "
                    + "memory, checkpoints included (goal: ratio >= 0.95); also vs the bare steps, no loop around them; "
                    + "on interactions or, with --stream images, on 28x28 images with the digits recipe",
            "  freshness   produce time -> first durable checkpoint including the record, and -> its "
                    + "CheckpointEvent acknowledged, p50/p99 at the given settings (goal: p99 <= 10 s)",
            "  uneven      records/s of a live trainer over partitions holding 1 : 0.5 : 1 of the records vs "
                    + "1 : 1 : 1 (goal: ratio >= 0.9)",
            "",
            "All run the trainer's defaults (batch 200, checkpoints every 1,000 steps or 5 s, LEVI with Adam) "
                    + "with the stateless featurizer and a MovieLens-sized backbone; images run config/trainer-digits"
                    + ".yaml's recipe (LEVI over a CNN backbone and the small CNN, batch 512, SGD with momentum, "
                    + "checkpoints every 100 steps or 5 s) over a freshly initialised backbone. --set changes any "
                    + "setting. Without --bootstrap-servers an embedded broker and registry run in this process."},
        footerHeading = "%nExamples:%n",
        footer = {"  levi bench trainer throughput --records 1000000",
            "  levi bench trainer throughput --stream images --rounds 3",
            "  levi bench trainer freshness --rate 2000 --seconds 30",
            "  levi bench trainer uneven --records 300000 --rounds 3",
            "  levi bench trainer throughput --set trainer.device=gpu --threads 4"})
public final class TrainBenchCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "WHICH", description = "throughput, freshness or uneven")
    String which;

    @Mixin
    KafkaOptions kafka; // embedded when --bootstrap-servers is not given

    @Option(names = "--records",
            description = "throughput and uneven: records (default: 500,000 interactions, 2,500 steps of 200; "
                    + "51,200 images, 100 steps of 512; uneven: a multiple of the batch size).")
    int records;

    @Option(names = "--stream", defaultValue = "interactions",
            description = "throughput: interactions or images (default: ${DEFAULT-VALUE}).")
    String stream;

    @Option(names = "--rounds", defaultValue = "5",
            description = "throughput and uneven: timed rounds of each side, after the warm-up rounds; the medians count "
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
        return TrainerBenchmarks.run(new TrainerBenchmarks.Options(which, kafka.bootstrapServersFlag().orElse(null),
                kafka.schemaRegistryUrl(System.getenv()), stream, records,
                rounds, cpuByThread, bareConsumer, partitions, rate, seconds, overrides), spec.commandLine().getOut(),
                spec.commandLine().getErr());
    }
}
