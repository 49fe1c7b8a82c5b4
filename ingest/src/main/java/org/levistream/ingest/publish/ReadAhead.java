package org.levistream.ingest.publish;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.levistream.ingest.pacing.Pacing;
import org.levistream.ingest.readers.ReadResult;
import org.levistream.ingest.readers.RecordReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads, orders, skips and {@link Preparer prepares} results on a thread of its own, ahead of the publishing thread,
 * so that parsing, routing and Avro encoding overlap with the producer's work (on two cores this is most of the
 * difference between ingest and a bare producer).
 *
 * <p>The order is the source's, as {@link Pacing#order} makes it: one thread reads and a FIFO queue hands over, so the
 * publishing thread sees exactly the sequence a single thread would. Results travel in batches to keep the handover
 * cheap. A failure on the reading thread (the source, the disk) is handed over in order and thrown by
 * {@link #hasNext()} on the publishing thread. The reading thread owns the {@link RecordReader} and closes it.
 *
 * @param <T> the record type
 */
final class ReadAhead<T> implements Iterator<Prepared>, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReadAhead.class);
    private static final int BATCH = 512;
    private static final int BATCHES_AHEAD = 16;
    private static final long JOIN_MILLIS = 10_000;

    /** What goes through the queue: results, or the end, or the failure that ended reading. */
    private record Batch(List<Prepared> items, RuntimeException failure, boolean end) {
    }

    private final Supplier<RecordReader<T>> opener;
    private final Pacing pacing;
    private final RecordFormat<T> format;
    private final Preparer<T> preparer;
    private final long skip;
    private final String job;
    private final BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(BATCHES_AHEAD);
    private final Thread thread;
    private volatile boolean closing;
    private Iterator<Prepared> current = java.util.Collections.emptyIterator();
    private boolean ended;

    /**
     * @param skip results of the ordered source to skip (committed by an earlier run); the source must have them
     * @param job  the job id, for messages and the thread's name
     */
    ReadAhead(Supplier<RecordReader<T>> opener, Pacing pacing, RecordFormat<T> format, Preparer<T> preparer,
              long skip, String job) {
        this.opener = opener;
        this.pacing = pacing;
        this.format = format;
        this.preparer = preparer;
        this.skip = skip;
        this.job = job;
        this.thread = new Thread(this::read, "levi-ingest-read-ahead");
        this.thread.setDaemon(true);
    }

    /** Starts reading. */
    ReadAhead<T> start() {
        thread.start();
        return this;
    }

    /** Whether there is another result; throws what ended reading, if something did. */
    @Override
    public boolean hasNext() {
        while (!current.hasNext() && !ended) {
            Batch batch = take();
            if (batch.failure() != null) {
                ended = true;
                throw batch.failure();
            }
            ended = batch.end();
            current = batch.items().iterator();
        }
        return current.hasNext();
    }

    @Override
    public Prepared next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more results");
        }
        return current.next();
    }

    /** Stops the reading thread and waits for it to close the source. */
    @Override
    public void close() throws InterruptedException {
        closing = true;
        thread.interrupt();
        queue.clear();   // a reader blocked on a full queue wakes up and sees the interrupt
        thread.join(JOIN_MILLIS);
        if (thread.isAlive()) {
            log.warn("The read-ahead thread of job {} did not stop within {} ms", job, JOIN_MILLIS);
        }
    }

    private Batch take() {
        try {
            return queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IngestFailedException("interrupted while waiting for the source", e);
        }
    }

    private void read() {
        try (RecordReader<T> reader = opener.get()) {
            Iterator<ReadResult<T>> results = pacing.order(reader, format::eventTime);
            var late = new LateRecords<>(format);
            skip(results, late);
            List<Prepared> batch = new ArrayList<>(BATCH);
            while (!closing && results.hasNext()) {
                ReadResult<T> result = results.next();
                Prepared prepared = preparer.prepare(result);
                batch.add(pacing.paced() && late.count(result) == 1 ? prepared.asLate() : prepared);
                if (batch.size() == BATCH) {
                    put(new Batch(batch, null, false));
                    batch = new ArrayList<>(BATCH);
                }
            }
            put(new Batch(batch, null, true));
        } catch (InterruptedException e) {
            // close() asked us to stop; nobody waits for more.
        } catch (RuntimeException e) {
            putQuietly(new Batch(List.of(), e, true));
        } catch (Error e) {
            putQuietly(new Batch(List.of(), new IngestFailedException("reading the source failed: " + e, e), true));
            throw e;
        }
    }

    /** Skips the results an earlier run committed; the source must still have them. */
    private void skip(Iterator<ReadResult<T>> results, LateRecords<T> late) {
        for (long i = 0; i < skip; i++) {
            if (!results.hasNext()) {
                throw new IngestFailedException("job " + job + " committed " + skip + " results but the source now "
                        + "ends after " + i + "; it must have changed (its fingerprint covers only its size and "
                        + "first bytes)");
            }
            late.count(results.next());
        }
    }

    private void put(Batch batch) throws InterruptedException {
        // Timed, so that a close() between the check and the put cannot leave this thread blocked.
        while (!closing) {
            if (queue.offer(batch, 100, TimeUnit.MILLISECONDS)) {
                return;
            }
        }
        throw new InterruptedException("closing");
    }

    private void putQuietly(Batch batch) {
        try {
            put(batch);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
