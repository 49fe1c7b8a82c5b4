package org.levistream.app.ingest;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.levistream.ingest.publish.IngestSources;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code levi ingest amazon}. */
@Command(name = "amazon", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Publish Amazon product reviews (JSON lines: reviewerID, asin, overall, unixReviewTime, "
                + "reviewText, summary) as interactions keyed by reviewer, joined with a metadata file's title and "
                + "categories when one is given; plain or gzipped.")
final class AmazonIngest implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "FILE", description = "The reviews, JSON lines.")
    Path input;

    @Option(names = "--metadata", paramLabel = "FILE",
            description = "Product metadata, JSON lines with asin, title and categories (optional).")
    Path metadata;

    @Mixin
    IngestOptions options;

    @Override
    public Integer call() throws InterruptedException {
        IngestRunner.requireExists(spec, "--input", input);
        IngestRunner.requireExists(spec, "--metadata", metadata);
        return IngestRunner.run(spec, options, () -> IngestSources.amazon(input, metadata));
    }
}
