package org.levistream.bench.parity;

import ai.djl.Device;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.levistream.bench.measure.JvmFacts;
import org.levistream.embedded.stack.EmbeddedStack;
import org.levistream.embedded.stack.StackSettings;
import org.levistream.experiment.offline.GeneratedData;
import org.levistream.experiment.pretrain.BackbonePretraining;
import org.levistream.experiment.protocol.OfflineExperiment;
import org.levistream.ingest.split.SplitPlan;
import org.levistream.model.backbone.BackboneCatalog;
import org.levistream.model.levi.Method;

/**
 * {@code levi bench parity}: runs {@link ParityBenchmark} against Kafka (an embedded broker and registry unless given
 * one) in a temporary work folder, with the offline protocol's settings and results from {@code levi experiment}'s
 * JSON, or, with {@code quick}, on generated data with backbones pre-trained for one epoch, and prints the report.
 */
public final class ParityProgram {
    /** Epochs of a quick run. */
    static final int QUICK_EPOCHS = 2;

    private ParityProgram() {}

    /**
     * What to run.
     *
     * @param benchmark        {@code movielens} or {@code digits}
     * @param data             the data folder (ignored with {@code quick})
     * @param backbones        {@code levi pretrain}'s output (ignored with {@code quick})
     * @param splitFile        the benchmark's split file
     * @param results          {@code levi experiment}'s JSON of the benchmark (ignored with {@code quick})
     * @param methods          the methods compared
     * @param seed             the seed
     * @param partitions       partitions of the training topics
     * @param quick            generated data, one-epoch backbones, two epochs
     * @param bootstrapServers a running Kafka, or {@code null} for an embedded one
     * @param registryUrl      its registry, or {@code null}
     */
    public record Request(String benchmark, Path data, Path backbones, Path splitFile, Path results,
                          List<Method> methods, long seed, int partitions, boolean quick, String bootstrapServers,
                          String registryUrl) {
        /** Copies the methods. */
        public Request {
            methods = List.copyOf(methods);
        }
    }

    /**
     * Runs the check and prints progress and the Markdown report.
     *
     * @param r   what to run
     * @param out where everything goes
     * @return the result
     * @throws Exception if data, Kafka or a trainer fails
     */
    public static ParityResult run(Request r, PrintWriter out) throws Exception {
        Path work = Files.createTempDirectory("levi-parity");
        try {
            out.printf("%s, %d CPU(s), work dir %s%n", JvmFacts.describe(), Runtime.getRuntime().availableProcessors(),
                    work);
            out.flush();
            ParityBenchmark.Options options = r.quick() ? quick(r, work) : new ParityBenchmark.Options(r.benchmark(),
                    r.data(), r.backbones(), r.splitFile(), OfflineReference.read(r.results()), r.methods(), r.seed(),
                    r.partitions(), false);
            long t0 = System.nanoTime();
            ParityResult result;
            if (r.bootstrapServers() != null) {
                result = ParityBenchmark.run(options, r.bootstrapServers(), r.registryUrl() == null
                        ? "http://localhost:8081" : r.registryUrl(), work, out);
            } else {
                try (EmbeddedStack stack = EmbeddedStack.start(StackSettings.forTests())) {
                    result = ParityBenchmark.run(options, stack.bootstrapServers(), stack.registryUrl(), work, out);
                }
            }
            out.printf("%nwall time %.0f s%n%n%s", (System.nanoTime() - t0) / 1e9, ParityReport.markdown(result));
            out.flush();
            return result;
        } finally {
            deleteQuietly(work);
        }
    }

    /** Generated data and one-epoch backbones in the work folder; two epochs at the protocol's grid's middle rates. */
    private static ParityBenchmark.Options quick(Request r, Path work) throws IOException {
        Path data = GeneratedData.write(work.resolve("data"), 7);
        Path backbones = work.resolve("backbones");
        BackboneCatalog catalog = BackboneCatalog.open(backbones);
        SplitPlan plan = SplitPlan.load(r.splitFile());
        PrintWriter quiet = new PrintWriter(Writer.nullWriter());
        boolean images = r.benchmark().equals(OfflineExperiment.DIGITS);
        if (images) {
            BackbonePretraining.fashion(data, plan, r.splitFile().toString(), 1, 7, Device.cpu(), catalog, quiet);
        } else {
            BackbonePretraining.movieLens(data, plan, r.splitFile().toString(), 1, 7, Device.cpu(), catalog, quiet);
        }
        float rate = images ? 1e-2f : 1e-3f;
        Map<Method, Float> rates = new java.util.EnumMap<>(Method.class);
        r.methods().forEach(m -> rates.put(m, rate));
        return new ParityBenchmark.Options(r.benchmark(), data, backbones, r.splitFile(),
                OfflineReference.settings(QUICK_EPOCHS, images ? 64 : 50, rates), r.methods(), r.seed(), r.partitions(),
                true);
    }

    private static void deleteQuietly(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
