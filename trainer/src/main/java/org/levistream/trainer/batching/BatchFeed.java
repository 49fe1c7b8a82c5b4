package org.levistream.trainer.batching;

import ai.djl.Device;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.levistream.trainer.events.DeadLetterLog;
import org.levistream.trainer.events.DeadLetters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread that owns the consumer: reads batches with a {@link PartitionReader} (poll, decode, dead-letter poison,
 * compose by a {@link PartitionRotation}), featurizes them and keeps up to {@code queueDepth} of them ready ahead of
 * the training step in a {@link ReadyQueue}. It also makes the {@link GroupCommits} the training thread asks for,
 * since only it may touch the consumer.
 *
 * <p>Partitions are assigned, not subscribed: the trainer is its group's only reader, and a group member killed with
 * SIGKILL would otherwise hold its partitions until its session times out, stalling the restart.
 *
 * <p>A full queue parks the feed, and the training thread wakes it only once the queue has drained to half (see
 * {@link ReadyQueue}).
 *
 * <p>Group commits are asynchronous while the feed has batches to build: a commit waits a round trip to the group
 * coordinator (the first one of a group well over 100 ms, while the coordinator is found), and the training step
 * would starve meanwhile. Once the feed is finished or closing, commits are synchronous, so that the last requested
 * offsets are committed before the consumer closes.
 *
 * @param <E> the decoded records' type
 */
public final class BatchFeed<E> implements BatchSource {
    private static final Logger log = LoggerFactory.getLogger(BatchFeed.class);
    private static final Duration IDLE = Duration.ofMillis(100);

    /** Counts what the feed passes over, for metrics. */
    public interface Listener extends PartitionReader.SkipListener {
        /**
         * A poison record was dead-lettered.
         *
         * @param reason its reason tag
         */
        void deadLettered(String reason);
    }

    private final Consumer<byte[], byte[]> consumer;
    private final ReadPlan plan;
    private final RecordDecoder<E> decoder;
    private final DeadLetters deadLetters;
    private final DeadLetterLog deadLetterLog;
    private final BatchBuilder<E> builder;
    private final Device device;
    private final int batchSize;
    private final Duration idleSkip;
    private final Listener listener;
    private final GroupCommits commits;
    private final ReadyQueue ready;
    private final AtomicBoolean finishing = new AtomicBoolean();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final AtomicReference<PartitionReader<E>> reader = new AtomicReference<>();
    private final AtomicReference<Map<TopicPartition, Long>> trained = new AtomicReference<>(Map.of());
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread thread;

    /**
     * Creates a feed; {@link #start()} starts its thread, which then owns the consumer.
     *
     * @param in the consumer (closed by the feed), the plan, decoder, dead letters, featurizer (used only by the
     *           feed's thread from now on), device, batch size, queue depth, idle skip and listener
     */
    public BatchFeed(BatchSource.Inputs<E> in) {
        this.consumer = in.consumer();
        this.plan = in.plan();
        this.decoder = in.decoder();
        this.deadLetters = in.deadLetters();
        this.deadLetterLog = new DeadLetterLog(in.deadLetters().topic(), Duration.ofSeconds(5), System::nanoTime);
        this.builder = in.builder();
        this.device = in.device();
        this.batchSize = in.batchSize();
        this.idleSkip = in.idleSkip();
        this.listener = in.listener();
        this.commits = new GroupCommits(consumer);
        this.thread = new Thread(this::run, "levi-trainer-feed");
        this.thread.setDaemon(true);
        this.ready = new ReadyQueue(in.queueDepth(), thread);
    }

    /** Starts the feed's thread. */
    @Override
    public void start() {
        thread.start();
    }

    /**
     * Takes the next ready batch.
     *
     * @param timeout how long to wait
     * @return the batch (the caller closes it), or {@code null} if none was ready in time
     * @throws InterruptedException if interrupted
     * @throws FeedFailedException  if the feed's thread failed
     */
    @Override
    public ReadyBatch take(Duration timeout) throws InterruptedException {
        ReadyBatch batch = ready.take(timeout);
        if (batch == null) {
            Throwable t = failure.get();
            if (t != null) {
                throw new FeedFailedException("the trainer's Kafka feed failed: " + t, t);
            }
        }
        return batch;
    }

    /**
     * Asks the feed's thread to commit group offsets (for lag monitoring); the newest request wins.
     *
     * @param offsets next offsets, as in a durable checkpoint
     */
    @Override
    public void commit(Map<TopicPartition, Long> offsets) {
        commits.request(offsets);
        LockSupport.unpark(thread);
    }

    /**
     * Tells the feed where training stands, for the lag metric.
     *
     * @param nextOffsets the next offsets after the last trained batch
     */
    @Override
    public void trained(Map<TopicPartition, Long> nextOffsets) {
        trained.set(nextOffsets);
    }

    /**
     * Returns records not yet trained on: the log end minus the trained position, summed over partitions.
     *
     * @return the lag, or -1 before it is known
     */
    @Override
    public long lag() {
        PartitionReader<E> r = reader.get();
        return r == null ? -1 : r.lag();
    }

    /** Stops the thread, closes the consumer and frees batches still queued. */
    @Override
    public void close() throws InterruptedException {
        // Let a requested commit (the final checkpoint's, say) finish before waking the thread up.
        finishing.set(true);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (thread.isAlive() && failure.get() == null && !commits.allDone() && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(10);
        }
        closing.set(true);
        LockSupport.unpark(thread);
        consumer.wakeup();
        if (thread.isAlive() && !stopped.await(30, TimeUnit.SECONDS)) {
            log.warn("The feed thread did not stop within 30 s");
        }
        ready.clear();
    }

    private void run() {
        try {
            feed(openReader());
        } catch (WakeupException e) {
            if (!closing.get()) {
                failure.set(e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            if (!closing.get()) {
                log.error("The trainer's Kafka feed failed", e);
                failure.set(e);
            }
        } finally {
            deadLetterLog.flush();
            try {
                consumer.close(CloseOptions.timeout(Duration.ofSeconds(10)));
            } catch (KafkaException e) {
                log.warn("Closing the consumer failed: {}", e.toString());
            }
            stopped.countDown();
        }
    }

    /** On the feed's thread, which owns the consumer from now on. */
    private PartitionReader<E> openReader() {
        PartitionReader<E> r = new PartitionReader<>(consumer, plan, decoder, this::deadLetter, batchSize, closing::get)
                .skippingSilent(idleSkip, listener).measuringLag(trained::get);
        reader.set(r);
        return r;
    }

    private void feed(PartitionReader<E> r) throws InterruptedException {
        while (!closing.get()) {
            commits.commitIfAsked(finishing.get());
            ComposedBatch<E> composed = r.read();
            if (composed == null) {
                continue;   // polled once; the batch is not complete yet
            }
            emit(composed);
            if (composed.epochEnd() && !composed.last()) {
                builder.reset();   // the next pass featurizes its records as the first did
            }
            if (composed.last()) {
                deadLetterLog.flush();
                idleUntilClosed();
                return;
            }
        }
    }

    private void deadLetter(ConsumerRecord<byte[], byte[]> r, PoisonRecordException e) {
        deadLetterLog.deadLettered(r, e.reason(), e.getMessage());
        deadLetters.send(r, e.reason(), e.getCause() == null ? e : e.getCause());
        listener.deadLettered(e.reason());
    }

    private void emit(ComposedBatch<E> composed) throws InterruptedException {
        ready.put(ReadyBatch.featurize(composed, builder, device), () -> commits.commitIfAsked(finishing.get()),
                closing::get);
    }

    // A finished bounded feed keeps its consumer only to commit the final offsets.
    private void idleUntilClosed() throws InterruptedException {
        while (!closing.get()) {
            commits.commitIfAsked(true);
            TimeUnit.MILLISECONDS.sleep(IDLE.toMillis());
        }
        commits.commitIfAsked(true);
    }

    /** The feed's thread failed; the trainer stops. */
    public static final class FeedFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        FeedFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
