package org.levistream.app.ingest;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code levi ingest}: the parent of one subcommand per source kind. */
@Command(name = "ingest",
        mixinStandardHelpOptions = true,
        subcommands = {MovieLensIngest.class, AmazonIngest.class, ImagesIngest.class},
        synopsisSubcommandLabel = "movielens|amazon|images",
        description = {
            "Publish recommendation interactions or image records to Kafka as Avro, split by a split file into the "
                    + "live, held-out and OOD topics and the pretrain file.",
            "",
            "Exactly once: records go out in one transaction per chunk, together with the source position. Killed "
                    + "at any instant, the same command continues after the last committed chunk. Bad rows go to the "
                    + "dead-letter topic with the reason, file and line in headers; the run goes on."},
        commandListHeading = "%nSources:%n",
        footerHeading = "%nExamples:%n",
        footer = {
            "  levi ingest movielens --input data/movielens/movielens.csv --split config/split-movielens.yaml",
            "  levi ingest images --input data/mnist/train-images-idx3-ubyte --domain mnist \\",
            "      --split config/split-digits.yaml --speed 60",
            "",
            "Exit codes: 0 done, 1 failed while running (run it again to continue), 2 bad command line, split file "
                    + "or input, 130 stopped."})
public final class IngestCommand implements Runnable {
    @Spec
    CommandSpec spec;

    // `levi ingest` alone: show the sources, and say it was not a complete command.
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing a source: movielens, amazon or images");
    }
}
