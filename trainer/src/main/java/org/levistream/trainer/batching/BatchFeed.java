package org.levistream.trainer.batching;

import ai.djl.Device;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.levistream.schemas.registry.SchemaRegistryException;
import org.levistream.trainer.events.DeadLetters;
import org.levistream.trainer.position.PartitionOffsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread that owns the consumer: polls, decodes, dead-letters poison, composes batches with a
 * {@link PartitionRotation} and featurizes them, keeping up to {@code queueDepth} ready batches ahead of the
 * training step. It also commits the group offsets the training thread asks for, since only it may touch the
 * consumer.
 *
 * <p>Partitions are assigned, not subscribed: the trainer is its group's only reader, and a group member killed with
 * SIGKILL would otherwise hold its partitions until its session times out, stalling the restart. Partitions with a
 * full buffer, or past their end, are paused, so memory stays bounded whatever the interleaving.
 *
 * <p>The training step never wakes the feed for each batch it takes: waking a parked thread costs the waker a system
 * call and, on a virtual machine, an interrupt to the other core (about 25 microseconds per step on the two-vCPU
 * development machine, 1-2% of a step). Instead a full queue parks the feed, and the training thread wakes it only
 * once the queue has drained to half, so that the feed refills half the queue per wake-up and still has half the
 * queue's steps to get the CPU back (docs/results/bench-pipeline.md).
 *
 * <p>Group commits are asynchronous while the feed has batches to build: a commit waits a round trip to the group
 * coordinator (the first one of a group well over 100 ms, while the coordinator is found), and the training step
 * would starve meanwhile. Once the feed is finished or closing, commits are synchronous, so that the last requested
 * offsets are committed before the consumer closes.
 */
public final class BatchFeed implements BatchSource {
    private static final Logger log = LoggerFactory.getLogger(BatchFeed.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration REGISTRY_RETRY_FOR = Duration.ofMinutes(2);

    /**
     * Where the feed starts.
     *
     * @param partitions the input partitions
     * @param next       the next offset of every partition
     * @param cursor     the rotation's first turn, or {@code null}
     * @param end        exclusive end offsets of a bounded run; empty for a live one
     */
    public record Plan(List<TopicPartition> partitions, Map<TopicPartition, Long> next, TopicPartition cursor,
                       Map<TopicPartition, Long> end) {
        /** Copies the collections. */
        public Plan {
            partitions = List.copyOf(partitions);
            next = Map.copyOf(next);
            end = Map.copyOf(end);
        }
    }

    /** Counts what the feed passes over, for metrics. */
    public interface Listener {
        /**
         * A poison record was dead-lettered.
         *
         * @param reason its reason tag
         */
        void deadLettered(String reason);

        /**
         * A live trainer skipped a silent partition's turn.
         *
         * @param partition the partition
         */
        void skipped(TopicPartition partition);
    }

    private final Consumer<byte[], byte[]> consumer;
    private final Plan plan;
    private final RecordDecoder decoder;
    private final DeadLetters deadLetters;
    private final BatchBuilder builder;
    private final Device device;
    private final int batchSize;
    private final Duration idleSkip;
    private final Listener listener;
    private final BlockingQueue<ReadyBatch> ready;
    /** take() wakes the parked feed once this few batches are left. */
    private final int refillBelow;
    private final int maxBuffered;
    private final AtomicReference<Map<TopicPartition, Long>> commitRequest = new AtomicReference<>();
    private final AtomicLong commitsRequested = new AtomicLong();
    private final AtomicLong commitsDone = new AtomicLong();
    private final AtomicBoolean finishing = new AtomicBoolean();
    private boolean asyncPending;
    private final AtomicReference<Map<TopicPartition, Long>> trained = new AtomicReference<>(Map.of());
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final AtomicLong lag = new AtomicLong(-1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread thread;
    private PartitionRotation rotation;

    /**
     * Creates a feed; {@link #start()} starts its thread, which then owns the consumer.
     *
     * @param consumer    a byte-array consumer with {@code isolation.level=read_committed}; closed by the feed
     * @param plan        where to start and stop
     * @param decoder     the Avro decoder
     * @param deadLetters where poison goes
     * @param builder     the featurizer; used only by the feed's thread from now on
     * @param device      where batches are built
     * @param batchSize   records per batch
     * @param queueDepth  ready batches kept ahead
     * @param idleSkip    how long a live feed waits for a silent partition
     * @param listener    counts poison and skips
     */
    public BatchFeed(Consumer<byte[], byte[]> consumer, Plan plan, RecordDecoder decoder, DeadLetters deadLetters,
                     BatchBuilder builder, Device device, int batchSize, int queueDepth, Duration idleSkip,
                     Listener listener) {
        this.consumer = consumer;
        this.plan = plan;
        this.decoder = decoder;
        this.deadLetters = deadLetters;
        this.builder = builder;
        this.device = device;
        this.batchSize = batchSize;
        this.idleSkip = idleSkip;
        this.listener = listener;
        this.ready = new ArrayBlockingQueue<>(queueDepth);
        this.refillBelow = queueDepth / 2;
        this.maxBuffered = Math.max(2 * batchSize, 500);
        this.thread = new Thread(this::run, "levi-trainer-feed");
        this.thread.setDaemon(true);
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
        ReadyBatch batch = ready.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (batch != null && ready.size() <= refillBelow) {
            LockSupport.unpark(thread);
        }
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
        synchronized (commitRequest) {
            commitRequest.set(Map.copyOf(offsets));
            commitsRequested.incrementAndGet();
        }
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
        return lag.get();
    }

    /** Stops the thread, closes the consumer and frees batches still queued. */
    @Override
    public void close() throws InterruptedException {
        // Let a requested commit (the final checkpoint's, say) finish before waking the thread up.
        finishing.set(true);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (thread.isAlive() && failure.get() == null && commitsDone.get() < commitsRequested.get()
                && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(10);
        }
        closing.set(true);
        LockSupport.unpark(thread);
        consumer.wakeup();
        if (thread.isAlive() && !stopped.await(30, TimeUnit.SECONDS)) {
            log.warn("The feed thread did not stop within 30 s");
        }
        ReadyBatch b;
        while ((b = ready.poll()) != null) {
            b.close();
        }
    }

    private void run() {
        try {
            consumer.assign(plan.partitions());
            plan.next().forEach(consumer::seek);
            rotation = new PartitionRotation(plan.partitions(), plan.next(), plan.cursor(), plan.end());
            feed();
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
            try {
                consumer.close(CloseOptions.timeout(Duration.ofSeconds(10)));
            } catch (KafkaException e) {
                log.warn("Closing the consumer failed: {}", e.toString());
            }
            stopped.countDown();
        }
    }

    private void feed() throws InterruptedException {
        TopicPartition waitingFor = null;
        long waitingSince = 0;
        while (!closing.get()) {
            commitIfAsked(finishing.get());
            PartitionRotation.Fill fill = rotation.fill(batchSize);
            switch (fill.state()) {
                case READY -> {
                    emit(rotation.take(false));
                    waitingFor = null;
                }
                case FINISHED -> {
                    emit(rotation.take(true));
                    idleUntilClosed();
                    return;
                }
                case WAITING -> {
                    if (!fill.waitingFor().equals(waitingFor)) {
                        waitingFor = fill.waitingFor();
                        waitingSince = System.nanoTime();
                    }
                    if (pollOnce(waitingFor) == 0 && !rotation.bounded()
                            && System.nanoTime() - waitingSince > idleSkip.toNanos()) {
                        log.debug("Partition {} was silent for {}; skipping its turn", waitingFor, idleSkip);
                        rotation.skip(waitingFor);
                        listener.skipped(waitingFor);
                        waitingFor = null;
                    }
                }
                default -> throw new IllegalStateException(fill.state().name());
            }
        }
    }

    /** Polls once; returns how many records arrived for {@code wanted}. */
    private int pollOnce(TopicPartition wanted) throws InterruptedException {
        adjustPauses();
        ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
        int forWanted = 0;
        for (ConsumerRecord<byte[], byte[]> r : records) {
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            if (r.offset() >= rotation.end(tp)) {
                continue; // past a bounded run's end: never trained, the partition is paused from now on
            }
            rotation.add(decodeOrDeadLetter(r, tp));
            if (tp.equals(wanted)) {
                forWanted++;
            }
        }
        updatePositionsAndLag();
        return forWanted;
    }

    private Fetched decodeOrDeadLetter(ConsumerRecord<byte[], byte[]> r, TopicPartition tp)
            throws InterruptedException {
        long deadline = System.nanoTime() + REGISTRY_RETRY_FOR.toNanos();
        long backoff = 100;
        while (true) {
            try {
                return decoder.decode(r);
            } catch (PoisonRecordException e) {
                log.warn("Dead-lettered {}-{}@{} ({}): {}", r.topic(), r.partition(), r.offset(), e.reason(),
                        e.getMessage());
                deadLetters.send(r, e.reason(), e.getCause() == null ? e : e.getCause());
                listener.deadLettered(e.reason());
                return new Fetched(tp, r.offset(), r.timestamp(), -1, null);
            } catch (SchemaRegistryException e) {
                if (!e.isRetriable() || System.nanoTime() > deadline || closing.get()) {
                    throw e;
                }
                log.warn("The schema registry is not answering ({}); retrying {}-{}@{} in {} ms", e.getMessage(),
                        r.topic(), r.partition(), r.offset(), backoff);
                TimeUnit.MILLISECONDS.sleep(backoff);
                backoff = Math.min(backoff * 2, 5_000);
            }
        }
    }

    private void adjustPauses() {
        List<TopicPartition> pause = new ArrayList<>();
        List<TopicPartition> resume = new ArrayList<>();
        for (TopicPartition tp : rotation.partitions()) {
            boolean full = rotation.buffered(tp) >= maxBuffered || consumer.position(tp) >= rotation.end(tp);
            (full ? pause : resume).add(tp);
        }
        consumer.pause(pause);
        consumer.resume(resume);
    }

    private void updatePositionsAndLag() {
        long total = 0;
        boolean known = true;
        Map<TopicPartition, Long> trainedNow = trained.get();
        for (TopicPartition tp : rotation.partitions()) {
            long position = consumer.position(tp);
            rotation.fetchedThrough(tp, position);
            OptionalLong behind = consumer.currentLag(tp);
            if (behind.isPresent()) {
                long logEnd = position + behind.getAsLong();
                total += Math.max(0, logEnd - trainedNow.getOrDefault(tp, plan.next().get(tp)));
            } else {
                known = false;
            }
        }
        if (known) {
            lag.set(total);
        }
    }

    private void emit(ComposedBatch composed) throws InterruptedException {
        ReadyBatch batch = ReadyBatch.featurize(composed, builder, device);
        while (!ready.offer(batch)) {
            // Woken by take() at half a queue, by a commit request or by close(); the timeout is a backstop.
            LockSupport.parkNanos(this, POLL.toNanos());
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while the ready queue was full");
            }
            commitIfAsked(finishing.get());
            if (closing.get()) {
                batch.close();
                return;
            }
        }
    }

    // A finished bounded feed keeps its consumer only to commit the final offsets.
    private void idleUntilClosed() throws InterruptedException {
        while (!closing.get()) {
            commitIfAsked(true);
            TimeUnit.MILLISECONDS.sleep(POLL.toMillis());
        }
        commitIfAsked(true);
    }

    /**
     * Commits the newest requested offsets, if any: synchronously when {@code wait}, which also completes earlier
     * asynchronous commits; otherwise asynchronously, completed by a later poll or commit on this thread.
     */
    private void commitIfAsked(boolean wait) {
        Map<TopicPartition, Long> offsets;
        long requested;
        synchronized (commitRequest) {
            offsets = commitRequest.getAndSet(null);
            requested = commitsRequested.get();
        }
        if (offsets == null && !(wait && asyncPending)) {
            return;
        }
        if (wait) {
            // With no offsets, Kafka still waits for every pending commitAsync and runs its callback.
            commitSync(offsets == null ? Map.of() : offsets, requested);
            return;
        }
        asyncPending = true;
        consumer.commitAsync(toCommit(offsets), (committed, e) -> {
            if (e instanceof RetriableException) {
                // commitAsync does not retry (a new group's coordinator may still be loading): commit again from
                // the loop, unless newer offsets were asked for meanwhile.
                if (askAgain(offsets, requested)) {
                    return;
                }
            } else if (e != null) {
                commitFailed(offsets, e);
            }
            commitsDone.accumulateAndGet(requested, Math::max);
        });
    }

    /** Asks again for offsets whose commit failed; false when newer ones were asked for meanwhile. */
    private boolean askAgain(Map<TopicPartition, Long> offsets, long requested) {
        synchronized (commitRequest) {
            if (commitsRequested.get() != requested || commitRequest.get() != null) {
                return false;
            }
            commitRequest.set(offsets);
            return true;
        }
    }

    private void commitSync(Map<TopicPartition, Long> offsets, long requested) {
        try {
            consumer.commitSync(toCommit(offsets), Duration.ofSeconds(5));
            asyncPending = false;
        } catch (WakeupException e) {
            throw e;
        } catch (KafkaException e) {
            commitFailed(offsets, e);
        } finally {
            commitsDone.accumulateAndGet(requested, Math::max);
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> toCommit(Map<TopicPartition, Long> offsets) {
        Map<TopicPartition, OffsetAndMetadata> commit = PartitionOffsets.sorted();
        offsets.forEach((tp, o) -> commit.put(tp, new OffsetAndMetadata(o)));
        return commit;
    }

    // Group offsets only show the lag; the checkpoint is the truth. The next checkpoint commits again.
    private static void commitFailed(Map<TopicPartition, Long> offsets, Exception e) {
        log.warn("Committing group offsets {} failed: {}", PartitionOffsets.format(offsets), e.toString());
    }

    /** The feed's thread failed; the trainer stops. */
    public static final class FeedFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        FeedFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
