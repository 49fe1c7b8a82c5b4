package org.levistream.ingest.publish;

import java.nio.file.Path;
import java.time.Duration;

import org.levistream.ingest.pacing.Pacing;

/**
 * An ingest run in its own JVM, for {@link ExactlyOnceIT} to kill. Arguments: bootstrap servers, registry URL, the
 * joined MovieLens CSV, the split file, the topic prefix, the speed. Prints {@code PROGRESS ...} lines while it
 * publishes and {@code OUTCOME <outcome> skipped=<n>} at the end, on stdout.
 */
public final class IngestChild {
    private IngestChild() {
    }

    public static void main(String[] args) throws InterruptedException {
        SplitFile split = SplitFile.load(Path.of(args[3]));
        IngestConfig config = IngestConfig.builder(args[0], args[1], split)
                .topicNames(args[4] + "progress", args[4] + "deadletter")
                .pacing(Pacing.eventTime(Double.parseDouble(args[5]), 100))
                .chunks(200, Duration.ofMillis(100))
                .progressInterval(Duration.ofMillis(100))
                .build();
        var job = new IngestJob<>(config, IngestSources.movielens(Path.of(args[2])),
                line -> System.out.println("PROGRESS " + line));
        IngestSummary summary = job.run();
        System.out.println("OUTCOME " + summary.outcome() + " skipped=" + summary.skipped());
        System.out.flush();
    }
}
