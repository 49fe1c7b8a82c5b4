package org.levistream.app.bench;

import java.util.concurrent.Callable;
import org.levistream.app.kafka.KafkaOptions;
import org.levistream.bench.ingest.IngestThroughput;
import org.levistream.ingest.publish.IngestConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code levi bench ingest}: the command line of the ingest benchmark, which lives in the benchmarks module
 * ({@link IngestThroughput}): the whole ingest path against a plain byte-array producer sending the same bytes.
 */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Interactions/s through parse -> route -> Avro -> transactional producer, and the same bytes "
                + "through a plain byte-array producer with the same settings (the floor), on an in-process broker "
                + "and registry; prints both and their ratio.")
final class IngestBenchmark implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--records", paramLabel = "N", defaultValue = "1000000",
            description = "Interactions per round (default: ${DEFAULT-VALUE}).")
    int records;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "5",
            description = "Measured rounds of each path, after the warm-up rounds (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--warm-up-rounds", paramLabel = "N", defaultValue = "2",
            description = "Unmeasured rounds of each path first, for the JIT and the heap to settle; the full path has "
                    + "far more code to compile than the floor (default: ${DEFAULT-VALUE}).")
    int warmUpRounds;

    @Option(names = "--chunk-size", paramLabel = "N", defaultValue = "" + IngestConfig.DEFAULT_CHUNK_SIZE,
            description = "Records per transaction, both paths (default: ${DEFAULT-VALUE}).")
    int chunkSize;

    @Option(names = "--compression", paramLabel = "TYPE", defaultValue = "lz4",
            description = "Producer compression, both paths (default: ${DEFAULT-VALUE}).")
    String compression;

    @Option(names = "--cpu-by-thread",
            description = "After each round, print the cores each path used by thread group (GC and JIT included), "
                    + "to see where the time went.")
    boolean cpuByThread;

    // --bootstrap-servers: a running Kafka (e.g. ./levi stack in another terminal, so that the broker has a JVM of
    // its own); without it a broker and registry run in this process.
    @Mixin
    KafkaOptions kafka;

    @Override
    public Integer call() throws Exception {
        if (rounds < 1 || warmUpRounds < 0) {
            throw new ParameterException(spec.commandLine(), "--rounds was " + rounds + " and --warm-up-rounds "
                    + warmUpRounds + " but they must be at least 1 and 0");
        }
        IngestThroughput.run(new IngestThroughput.Options(records, rounds, warmUpRounds, chunkSize, compression,
                cpuByThread, kafka.bootstrapServersFlag().orElse(null),
                kafka.schemaRegistryUrl(System.getenv())), spec.commandLine().getOut());
        return 0;
    }
}
