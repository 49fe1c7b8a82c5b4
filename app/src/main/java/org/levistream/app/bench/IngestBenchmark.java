package org.levistream.app.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.levistream.app.kafka.KafkaOptions;
import org.levistream.embedded.stack.EmbeddedStack;
import org.levistream.embedded.stack.StackSettings;
import org.levistream.ingest.publish.IngestConfig;
import org.levistream.ingest.publish.IngestJob;
import org.levistream.ingest.publish.IngestSources;
import org.levistream.ingest.publish.IngestSummary;
import org.levistream.ingest.publish.ProducerSettings;
import org.levistream.ingest.publish.RecordFormat;
import org.levistream.ingest.publish.SplitFile;
import org.levistream.ingest.readers.ReadResult;
import org.levistream.ingest.readers.RecordReader;
import org.levistream.ingest.resume.JobId;
import org.levistream.ingest.split.Delivery;
import org.levistream.ingest.split.SplitRouter;
import org.levistream.schemas.domain.InteractionEvent;
import org.levistream.schemas.registry.HttpSchemaRegistryClient;
import org.levistream.schemas.serde.AvroSerdeConfig;
import org.levistream.schemas.serde.AvroSerializer;
import org.levistream.trainer.bench.JvmFacts;
import org.levistream.trainer.bench.Medians;
import org.levistream.trainer.bench.ThreadCpu;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code levi bench ingest}: interactions per second through the whole ingest path (parse a MovieLens CSV, route,
 * Avro-encode, publish in transactions) against the floor, a plain byte-array producer sending the very same keys and
 * values with the same settings and transactions, on the in-process broker. Rounds alternate the two, after the same
 * warm-up rounds of each (the full path has far more code for the JIT to settle); the medians and their ratio are
 * printed.
 */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Interactions/s through parse -> route -> Avro -> transactional producer, and the same bytes "
                + "through a plain byte-array producer with the same settings (the floor), on an in-process broker "
                + "and registry; prints both and their ratio.")
final class IngestBenchmark implements Callable<Integer> {
    /** Thread groups named in the CPU breakdowns. */
    private static final int CPU_GROUPS = 7;
    private static final String HEADER = "\"movieId\",\"title\",\"year\",\"genres\",\"userId\",\"rating\",\"timestamp\"";
    private static final String[] GENRES = {"Drama", "Comedy|Romance", "Action|Adventure|Sci-Fi", "Horror|Thriller",
        "Animation|Children|Comedy"};

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

    /** Names this run's topics apart from an earlier run's on the same broker. */
    private final long run = System.currentTimeMillis();

    /** What the last floor round's threads used, for {@code --cpu-by-thread}. */
    private String floorCpu = "";

    // --bootstrap-servers: a running Kafka (e.g. ./levi stack in another terminal, so that the broker has a JVM of
    // its own); without it a broker and registry run in this process.
    @Mixin
    KafkaOptions kafka;

    /** Where the broker and the registry listen. */
    private record Endpoints(String bootstrapServers, String registryUrl) {
    }

    @Override
    public Integer call() throws Exception {
        String bootstrapServers = kafka.bootstrapServersFlag().orElse(null);
        String registryUrl = kafka.schemaRegistryUrl(System.getenv());
        PrintWriter out = spec.commandLine().getOut();
        if (rounds < 1 || warmUpRounds < 0) {
            throw new ParameterException(spec.commandLine(), "--rounds was " + rounds + " and --warm-up-rounds "
                    + warmUpRounds + " but they must be at least 1 and 0");
        }
        Path dir = Files.createTempDirectory("levi-bench-ingest-");
        try (var embedded = bootstrapServers == null ? EmbeddedStack.start(StackSettings.forTests()) : null) {
            Endpoints endpoints = embedded == null ? new Endpoints(bootstrapServers, registryUrl)
                    : new Endpoints(embedded.bootstrapServers(), embedded.registryUrl());
            Path csv = writeFixture(dir.resolve("movielens.csv"), records);
            out.printf(Locale.ROOT, "levi bench ingest: %d interactions (%d MB CSV), chunk %d, %s; %d cores, "
                            + "%s, load average %s; broker %s%n", records, Files.size(csv) >> 20, chunkSize,
                    compression, Runtime.getRuntime().availableProcessors(), JvmFacts.describe(), loadAverage(),
                    embedded == null ? "at " + bootstrapServers : "in this process");
            out.flush();
            List<Double> full = new ArrayList<>();
            List<Double> floor = new ArrayList<>();
            for (int round = 0; round < warmUpRounds + rounds; round++) {
                System.gc();   // neither path pays for the other's garbage
                ThreadCpu before = ThreadCpu.snapshot();
                long started = System.nanoTime();
                double f = fullPath(endpoints, dir, csv, round);
                String fullCpu = ThreadCpu.snapshot().coresSince(before, (System.nanoTime() - started) / 1e9,
                        CPU_GROUPS);
                double b = floor(endpoints, dir, csv, round);
                String label = round < warmUpRounds ? "warm-up" : "round " + (round - warmUpRounds + 1);
                out.printf(Locale.ROOT, "  %-8s full path %,9.0f/s   floor %,9.0f/s   ratio %.2f%n", label, f, b,
                        f / b);
                if (cpuByThread) {
                    out.println("    full path " + fullCpu);
                    out.println("    floor     " + floorCpu);
                }
                out.flush();
                if (round >= warmUpRounds) {
                    full.add(f);
                    floor.add(b);
                }
            }
            double fullMedian = median(full);
            double floorMedian = median(floor);
            List<Double> roundRatios = new ArrayList<>();
            for (int i = 0; i < full.size(); i++) {
                roundRatios.add(full.get(i) / floor.get(i));
            }
            out.printf(Locale.ROOT, "median    full path %,9.0f/s   floor %,9.0f/s   ratio %.2f (goal >= 0.70; "
                    + "full path goal >= 100,000/s)%n", fullMedian, floorMedian, fullMedian / floorMedian);
            // Each round pairs two runs made seconds apart: this leans less on a machine whose speed drifts.
            out.printf(Locale.ROOT, "          median of the rounds' ratios %.2f%n", median(roundRatios));
            out.flush();
        } finally {
            deleteQuietly(dir);
        }
        return 0;
    }

    /** Records/s of a whole ingest job, first result to last commit. */
    private double fullPath(Endpoints endpoints, Path dir, Path csv, int round) throws InterruptedException {
        String prefix = "bench-" + run + "-" + round + "-full.";
        IngestConfig config = IngestConfig.builder(endpoints.bootstrapServers(), endpoints.registryUrl(), split(dir, prefix))
                .chunks(chunkSize, Duration.ofSeconds(10))
                .topicNames(prefix + "progress", prefix + "deadletter")
                .producer(Map.of("compression.type", compression))
                .progressInterval(Duration.ZERO)
                .build();
        IngestSummary summary = new IngestJob<>(config, IngestSources.movielens(csv), line -> { }).run();
        return summary.rate();
    }

    /**
     * Records/s of a byte-array producer sending the same keys and values, with the same settings and chunks. The
     * full path's transactions also carry its source position (one record per chunk, for exactly-once resume); the
     * floor's do not, so that cost counts against us.
     */
    private double floor(Endpoints endpoints, Path dir, Path csv, int round) throws Exception {
        String prefix = "bench-" + run + "-" + round + "-floor.";
        SplitFile split = split(dir, prefix);
        IngestConfig config = IngestConfig.builder(endpoints.bootstrapServers(), endpoints.registryUrl(), split)
                .producer(Map.of("compression.type", compression)).build();
        String topic = split.plan().topics().live();
        List<byte[][]> encoded = encode(endpoints, csv, split, topic);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", endpoints.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, config.partitions(), (short) 1))).all().get();
        }
        Map<String, Object> props = ProducerSettings.of(config, new JobId("bench-floor-" + run + "-" + round));
        try (var producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            System.gc();   // the keys and values made above are old before the clock starts, as the full path's input is
            ThreadCpu before = ThreadCpu.snapshot();
            long started = System.nanoTime();
            for (int i = 0; i < encoded.size(); i += chunkSize) {
                int end = Math.min(i + chunkSize, encoded.size());
                producer.beginTransaction();
                for (byte[][] kv : encoded.subList(i, end)) {
                    producer.send(new ProducerRecord<>(topic, kv[0], kv[1]));
                }
                producer.commitTransaction();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            floorCpu = ThreadCpu.snapshot().coresSince(before, seconds, CPU_GROUPS);
            return encoded.size() / seconds;
        }
    }

    /** The full path's keys and values, made before the clock starts. */
    private static List<byte[][]> encode(Endpoints endpoints, Path csv, SplitFile split, String topic) {
        List<byte[][]> encoded = new ArrayList<>();
        var router = new SplitRouter(split.plan());
        try (var registry = HttpSchemaRegistryClient.create(Map.of("schema.registry.url", endpoints.registryUrl()));
             RecordReader<InteractionEvent> reader = IngestSources.movielens(csv).opener().get()) {
            var serializer = new AvroSerializer<SpecificRecord>(registry, AvroSerdeConfig.defaults(), false);
            reader.forEachRemaining(result -> {
                if (result instanceof ReadResult.Accepted<InteractionEvent> a) {
                    for (Delivery<InteractionEvent> d : router.route(a.value()).deliveries()) {
                        encoded.add(new byte[][] {
                            RecordFormat.INTERACTIONS.key(d.record()).getBytes(StandardCharsets.UTF_8),
                            serializer.serialize(topic, RecordFormat.INTERACTIONS.toAvro(d.record()))});
                    }
                }
            });
        }
        return encoded;
    }

    private static SplitFile split(Path dir, String prefix) {
        Path file = dir.resolve(prefix + "yaml");
        write(file, List.of("records: interactions", "topicPrefix: " + prefix, "rules:", "  - to: live"));
        return SplitFile.load(file);
    }

    /** MovieLens-like rows: 610 users, 9,000 movies, titles, 1-3 genres; seeded, so every run reads the same. */
    private static Path writeFixture(Path file, int count) {
        var random = new java.util.SplittableRandom(20240611);
        List<String> lines = new ArrayList<>(count + 1);
        lines.add(HEADER);
        for (int i = 0; i < count; i++) {
            int movie = random.nextInt(1, 9_000);
            lines.add(String.format(Locale.ROOT, "%d,\"Movie number %d, the sequel\",%d,\"%s\",%d,%.1f,%d", movie,
                    movie, 1930 + movie % 90, GENRES[movie % GENRES.length], random.nextInt(1, 611),
                    0.5 * random.nextInt(1, 11), random.nextLong(820_000_000L, 1_480_000_000L)));
        }
        write(file, lines);
        return file;
    }

    private static void write(Path file, List<String> lines) {
        try {
            Files.write(file, lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double median(List<Double> values) {
        return Medians.of(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static String loadAverage() {
        try {
            return Arrays.stream(Files.readString(Path.of("/proc/loadavg")).split(" ")).limit(3)
                    .reduce((a, b) -> a + " " + b).orElse("?");
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A temporary folder left behind is not worth failing the benchmark for.
        }
    }
}
