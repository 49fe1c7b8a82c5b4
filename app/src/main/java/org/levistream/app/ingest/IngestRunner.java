package org.levistream.app.ingest;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;

import org.levistream.app.LeviVariables;
import org.levistream.app.ShutdownSignal;
import org.levistream.common.config.InvalidConfigException;
import org.levistream.ingest.publish.IngestConfig;
import org.levistream.ingest.publish.IngestJob;
import org.levistream.ingest.publish.IngestSource;
import org.levistream.ingest.publish.IngestSummary;
import org.levistream.ingest.readers.InvalidSourceException;
import org.levistream.schemas.registry.RegistryClientConfig;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Runs one {@code levi ingest} subcommand: builds the config and the source, turns the user's mistakes into
 * {@link ParameterException}s (exit 2, one line), runs the job with a stop hook, prints the summary.
 */
final class IngestRunner {
    /** Exit code of a run stopped by Ctrl+C or SIGTERM, the shell's convention for SIGINT. */
    static final int STOPPED = 130;

    // Config keys as the user typed them: a rejected value names the option.
    private static final Map<String, String> OPTION_FOR_KEY = Map.ofEntries(
            Map.entry(IngestConfig.BOOTSTRAP_SERVERS, "--bootstrap-servers"),
            Map.entry(RegistryClientConfig.URL, "--schema-registry-url"),
            Map.entry(IngestConfig.PARTITIONS, "--partitions"),
            Map.entry(IngestConfig.REPLICATION_FACTOR, "--replication-factor"),
            Map.entry(IngestConfig.CHUNK_SIZE, "--chunk-size"),
            Map.entry(IngestConfig.COMMIT_INTERVAL, "--commit-interval-ms"),
            Map.entry(IngestConfig.JOB_ID, "--job-id"),
            Map.entry(IngestConfig.PROGRESS_TOPIC, "--progress-topic"),
            Map.entry(IngestConfig.DEAD_LETTER_TOPIC, "--dead-letter-topic"),
            Map.entry(IngestConfig.PROGRESS_INTERVAL, "--progress-interval"));

    private IngestRunner() {
    }

    /** Checks that each path exists, naming its option otherwise. */
    static void requireExists(CommandSpec spec, String option, Path path) {
        if (path != null && !Files.exists(path)) {
            throw new ParameterException(spec.commandLine(), option + " was '" + path + "' but no such file or "
                    + "folder exists");
        }
    }

    /** Runs the job and returns the exit code: 0 done, 130 stopped; bad input throws ParameterException. */
    static <T> int run(CommandSpec spec, IngestOptions options, Supplier<IngestSource<T>> source)
            throws InterruptedException {
        options.check();
        LeviVariables.warn(spec, options.unreadVariables(System.getenv()));
        IngestJob<T> job;
        try {
            job = new IngestJob<>(options.config(System.getenv()), source.get(),
                    progressTo(spec.commandLine().getErr()));
        } catch (InvalidConfigException | InvalidSourceException | IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), oneLine(e));
        }
        IngestSummary summary = runStoppable(spec, job);
        summary.print(spec.commandLine().getOut());
        return summary.outcome() == IngestSummary.Outcome.STOPPED ? STOPPED : 0;
    }

    private static <T> IngestSummary runStoppable(CommandSpec spec, IngestJob<T> job) throws InterruptedException {
        // A stop only asks the job to stop: it commits its open chunk on this thread, and the signal's cleanup
        // wait ends when the signal is closed after the job has returned.
        try (ShutdownSignal stop = ShutdownSignal.install()) {
            stop.whenRequested(job::requestStop);
            return job.run();
        } catch (InvalidConfigException | InvalidSourceException e) {
            throw new ParameterException(spec.commandLine(), oneLine(e));
        }
    }

    /** The exception's problems on one line, each config key replaced by its option. */
    static String oneLine(RuntimeException e) {
        String text = e instanceof InvalidConfigException invalid ? String.join("; ", invalid.problems())
                : String.valueOf(e.getMessage());
        for (Map.Entry<String, String> key : OPTION_FOR_KEY.entrySet()) {
            text = text.replace(key.getKey() + " was", key.getValue() + " was");
        }
        return text.replace(IngestConfig.PRODUCER_PREFIX, "--producer-property ").replace('\n', ' ');
    }

    private static java.util.function.Consumer<String> progressTo(PrintWriter err) {
        return line -> {
            err.println(line);
            err.flush();
        };
    }
}
