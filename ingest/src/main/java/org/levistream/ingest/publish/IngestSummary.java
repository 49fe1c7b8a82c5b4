package org.levistream.ingest.publish;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import org.levistream.ingest.resume.IngestCounts;
import org.levistream.ingest.resume.JobId;

/**
 * What an ingest job has done, over all its runs, and what this run added.
 *
 * @param job           the job
 * @param source        what was read
 * @param counts        the job's totals (all runs)
 * @param outcome       how this run ended
 * @param skipped       results this run skipped because an earlier run had committed them
 * @param runResults    results this run handled itself
 * @param elapsed       this run's time from the first result to the last commit
 * @param pretrainFile  the pretrain file, if one was written
 * @param deadLetterTopic where bad rows went
 */
public record IngestSummary(JobId job, String source, IngestCounts counts, Outcome outcome, long skipped,
                            long runResults, Duration elapsed, Optional<String> pretrainFile, String deadLetterTopic) {
    /** How a run ended. */
    public enum Outcome {
        /** The source was read to its end and everything committed. */
        COMPLETE,
        /** An earlier run had completed the job; nothing was read. */
        ALREADY_COMPLETE,
        /** Asked to stop; what was committed stays, and the same command continues. */
        STOPPED
    }

    /** Checks for nulls. */
    public IngestSummary {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(counts, "counts");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(elapsed, "elapsed");
        Objects.requireNonNull(pretrainFile, "pretrainFile");
        Objects.requireNonNull(deadLetterTopic, "deadLetterTopic");
    }

    /** This run's results per second, or 0 when it handled none. */
    public double rate() {
        double seconds = elapsed.toNanos() / 1e9;
        return runResults == 0 || seconds <= 0 ? 0 : runResults / seconds;
    }

    /**
     * Prints the summary: one fact per line, a label and a number, so that people and scripts read it alike.
     * <pre>
     * ingest job movielens-movielens-csv-5d1c07a2: complete
     *   source       movielens data/movielens/movielens.csv
     *   read         100004 (accepted 100000, rejected 4)
     *   published    levi.interactions 26814
     *   ...
     * </pre>
     */
    public void print(PrintWriter out) {
        out.printf(Locale.ROOT, "ingest job %s: %s%n", job, outcome.name().toLowerCase(Locale.ROOT).replace('_', ' '));
        out.printf(Locale.ROOT, "  source       %s%n", source);
        long rejected = counts.results() - counts.accepted();
        out.printf(Locale.ROOT, "  read         %d (accepted %d, rejected %d)%n", counts.results(), counts.accepted(),
                rejected);
        counts.published().forEach((topic, n) -> out.printf(Locale.ROOT, "  published    %s %d%n", topic, n));
        if (counts.pretrain() > 0) {
            pretrainFile.ifPresent(f -> out.printf(Locale.ROOT, "  pretrain     %s %d%n", f, counts.pretrain()));
        }
        out.printf(Locale.ROOT, "  dropped      %d%n", counts.dropped());
        counts.deadLettered().forEach((reason, n) -> out.printf(Locale.ROOT, "  rejected     %s %d%n", reason, n));
        out.printf(Locale.ROOT, "  dead-lettered %d to %s%n", counts.deadLetteredTotal(), deadLetterTopic);
        if (counts.late() > 0) {
            out.printf(Locale.ROOT, "  late         %d (published out of event-time order)%n", counts.late());
        }
        out.printf(Locale.ROOT, "  this run     %d results in %.1f s (%.0f/s)%s%n", runResults,
                elapsed.toNanos() / 1e9, rate(), skipped > 0 ? "; skipped " + skipped + " committed earlier" : "");
        if (outcome == Outcome.STOPPED) {
            out.println("  stopped: run the same command again to continue after the last commit");
        }
        out.flush();
    }
}
