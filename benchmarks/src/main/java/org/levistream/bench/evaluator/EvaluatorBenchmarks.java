package org.levistream.bench.evaluator;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import org.levistream.bench.measure.JvmFacts;
import org.levistream.embedded.stack.EmbeddedStack;
import org.levistream.embedded.stack.StackSettings;

/**
 * The evaluator's benchmark programs on an embedded broker and registry in this process, in a temporary work folder
 * deleted afterwards: {@code levi bench alerts} and {@code levi bench evaluator}.
 */
public final class EvaluatorBenchmarks {
    private EvaluatorBenchmarks() {}

    /**
     * Runs {@link AlertsBenchmark} and prints its table.
     *
     * @param options what to run
     * @param out     where progress and the table go
     * @return the result
     * @throws Exception if Kafka or the evaluator fails
     */
    public static AlertsBenchmark.Result alerts(AlertsBenchmark.Options options, PrintWriter out) throws Exception {
        Path work = Files.createTempDirectory("levi-bench-alerts");
        try (EmbeddedStack stack = EmbeddedStack.start(StackSettings.forTests())) {
            header(out);
            AlertsBenchmark.Result r = AlertsBenchmark.run(options, stack.bootstrapServers(), stack.registryUrl(),
                    work, out);
            AlertsBenchmark.print(options, r, out);
            return r;
        } finally {
            deleteQuietly(work); // checkpoints and state of a benchmark are of no use afterwards
        }
    }

    /**
     * Runs {@link LatencyBenchmark} and prints its figures.
     *
     * @param options what to run
     * @param out     where progress and figures go
     * @return the result
     * @throws Exception if Kafka or the evaluator fails
     */
    public static LatencyBenchmark.Result evaluator(LatencyBenchmark.Options options, PrintWriter out)
            throws Exception {
        Path work = Files.createTempDirectory("levi-bench-evaluator");
        try (EmbeddedStack stack = EmbeddedStack.start(StackSettings.forTests())) {
            header(out);
            LatencyBenchmark.Result r = LatencyBenchmark.run(options, stack.bootstrapServers(), stack.registryUrl(),
                    work, out);
            LatencyBenchmark.print(options, r, out);
            return r;
        } finally {
            deleteQuietly(work);
        }
    }

    private static void header(PrintWriter out) {
        out.printf("%s, %d CPU(s), embedded broker and registry in this process%n", JvmFacts.describe(),
                Runtime.getRuntime().availableProcessors());
        out.flush();
    }

    private static void deleteQuietly(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
