package org.levistream.ingest.publish;

import java.time.Instant;
import java.util.Optional;
import java.util.function.LongSupplier;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.levistream.ingest.resume.CommittedPosition;
import org.levistream.ingest.resume.JobId;
import org.levistream.ingest.resume.PositionStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Kafka transaction per chunk: opened before the chunk's first result, committed with the job's position after
 * {@code chunkSize} results or {@code commitInterval}, whichever comes first. The pretrain file is synced before the
 * commit, so that the length committed is on disk.
 *
 * <p>Failures: a fenced producer (the same job was started again) and any failed send or commit stop the run with an
 * {@link IngestFailedException}; the open transaction is aborted (or left for the next run's
 * {@code initTransactions} to abort), so nothing of the chunk becomes visible to {@code read_committed} readers.
 */
final class ChunkTransactions {
    private static final Logger log = LoggerFactory.getLogger(ChunkTransactions.class);
    private static final int CLOCK_EVERY = 64;

    /** What goes into every committed position besides the counts. */
    record Identity(JobId job, String sourceFingerprint, String planFingerprint, String order,
                    Optional<String> pretrainFile) {
    }

    private final Producer<byte[], byte[]> producer;
    private final PositionStore positions;
    private final Identity identity;
    private final Tally tally;
    private final PretrainFile pretrain;
    private final int chunkSize;
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private boolean open;
    private long resultsAtOpen;
    private long deadline;
    private long commits;

    ChunkTransactions(Producer<byte[], byte[]> producer, PositionStore positions, Identity identity, Tally tally,
                      PretrainFile pretrain, int chunkSize, long intervalNanos, LongSupplier nanoTime) {
        this.producer = producer;
        this.positions = positions;
        this.identity = identity;
        this.tally = tally;
        this.pretrain = pretrain;
        this.chunkSize = chunkSize;
        this.intervalNanos = intervalNanos;
        this.nanoTime = nanoTime;
    }

    /** Opens a transaction unless one is open. */
    void ensureOpen() {
        if (open) {
            return;
        }
        run(producer::beginTransaction, "beginning a transaction");
        open = true;
        resultsAtOpen = tally.results;
        deadline = nanoTime.getAsLong() + intervalNanos;
    }

    /** Whether a transaction is open. */
    boolean isOpen() {
        return open;
    }

    /** When the open transaction must commit, in {@link System#nanoTime()} terms. */
    long deadline() {
        return deadline;
    }

    /**
     * Whether the open chunk is full or old enough to commit. The clock is read every {@value #CLOCK_EVERY} results
     * only: at full speed that is every few microseconds, and a paced run's waits check the deadline themselves.
     */
    boolean due() {
        long inChunk = tally.results - resultsAtOpen;
        return open && (inChunk >= chunkSize
                || (inChunk % CLOCK_EVERY == 0 && nanoTime.getAsLong() - deadline >= 0));
    }

    /** Commits the open chunk with the position; with {@code completed}, also marks the job complete. */
    void commit(boolean completed) {
        if (!open && !completed) {
            return;
        }
        ensureOpen();
        long pretrainBytes = pretrain == null ? 0 : pretrain.sync();
        var position = new CommittedPosition(identity.job(), tally.results, completed, identity.sourceFingerprint(),
                identity.planFingerprint(), identity.order(), identity.pretrainFile(), pretrainBytes,
                tally.snapshot(), Instant.now());
        run(() -> producer.send(positions.record(position)), "sending the position");
        run(producer::commitTransaction, "committing a transaction");
        open = false;
        commits++;
        log.debug("Job {} committed {} results ({} commits this run)", identity.job(), tally.results, commits);
    }

    /** Transactions committed by this run. */
    long commits() {
        return commits;
    }

    private void run(Runnable action, String what) {
        try {
            action.run();
        } catch (ProducerFencedException | InvalidProducerEpochException e) {
            open = false;
            throw new IngestFailedException("job " + identity.job() + " was started again elsewhere, which fenced "
                    + "this run while " + what + "; the other run goes on from the last commit", e);
        } catch (KafkaException e) {
            abortQuietly(e);
            throw new IngestFailedException(what + " failed for job " + identity.job() + ": " + e.getMessage()
                    + "; nothing after the last commit is visible, and the same command continues from there", e);
        }
    }

    private void abortQuietly(KafkaException cause) {
        if (!open) {
            return;
        }
        open = false;
        try {
            producer.abortTransaction();
        } catch (KafkaException e) {
            // The next run's initTransactions aborts it instead; the first failure is the one to report.
            cause.addSuppressed(e);
        }
    }
}
