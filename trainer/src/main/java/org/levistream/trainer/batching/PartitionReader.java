package org.levistream.trainer.batching;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.levistream.schemas.registry.SchemaRegistryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one poll-rotate-decode loop: reads the plan's partitions with an assigned consumer, decodes each record (retrying
 * while the schema registry does not answer), hands poison to a {@link PoisonHandler}, and composes batches with a
 * {@link PartitionRotation}. The trainer's feed, the warm-up of a stateful featurizer and the throughput benchmark all
 * read through it, so that they compose the same batches from the same records.
 *
 * <p>Partitions with a full buffer, or past a bounded run's end, are paused, so memory stays bounded whatever the
 * interleaving. A live reader (no end offsets) may {@link #skippingSilent skip} a partition whose turn it is but that
 * has nothing to give: at once when the consumer knows the partition is at its end offset (its lag is 0) and another
 * partition has records waiting, so that a live trainer trains at the rate its data arrives however uneven its
 * partitions are; otherwise after the partition stayed silent for the idle-skip time (records may be on their way).
 * When every partition is at its end the reader polls, and the listener hears once that it waits for data. After
 * every poll it also updates the lag: log end minus the trained position.
 *
 * <p>A plan of several passes ({@link EpochPlan}) reads its stretch again: once every partition has reached its end,
 * the pass's last batch (partial or empty) is marked as its end, and the reader seeks every partition back to where a
 * pass begins and composes the next pass with a fresh rotation from the same first turn, so that every pass has the
 * same batches. Poison is handed to the {@link PoisonHandler} in the first pass only: it was dead-lettered then, and
 * is passed over silently afterwards.
 *
 * <p>Not thread-safe, except {@link #lag}: the thread that reads owns the consumer.
 *
 * @param <E> the decoded records' type: the reader only hands them on
 */
public final class PartitionReader<E> {
    private static final Logger log = LoggerFactory.getLogger(PartitionReader.class);
    private static final Duration POLL = Duration.ofMillis(100);
    // A trainer at the head of a paced stream reaches the end at every chunk the producer commits: only a wait this
    // long is news, or the log would say "waiting" and "arrived" several times a second.
    private static final Duration ANNOUNCE_WAIT_AFTER = Duration.ofSeconds(2);
    private static final long NOT_AT_END = Long.MIN_VALUE;
    private static final Duration REGISTRY_RETRY_FOR = Duration.ofMinutes(2);

    /** What happens to a record that cannot be decoded or validated; it takes no place in a batch either way. */
    @FunctionalInterface
    public interface PoisonHandler {
        /** Passes poison over: it was dead-lettered before (a warm-up), or cannot occur (generated data). */
        PoisonHandler PASS_OVER = (record, e) -> { };

        /**
         * Handles a poison record, e.g. by dead-lettering it.
         *
         * @param record the record as read
         * @param e      why it is poison
         */
        void poison(ConsumerRecord<byte[], byte[]> record, PoisonRecordException e);
    }

    /** Told when a live reader skips a silent partition's turn, and when it waits for data. */
    @FunctionalInterface
    public interface SkipListener {
        /**
         * A silent partition's turn was skipped.
         *
         * @param partition the partition
         */
        void skipped(TopicPartition partition);

        /**
         * Every partition is at its end with nothing buffered: the trainer waits for data. Told once per wait.
         *
         * @param partitions the partitions waited on, all of them at their end offset
         */
        default void waitingForData(List<TopicPartition> partitions) {
        }

        /** Data arrived after {@link #waitingForData}. */
        default void dataArrived() {
        }
    }

    private final Consumer<byte[], byte[]> consumer;
    private final ReadPlan plan;
    private final RecordDecoder<E> decoder;
    private final PoisonHandler poison;
    private final BooleanSupplier stopping;
    private PartitionRotation<E> rotation;
    private EpochPlan epochs;
    private final int batchSize;
    private final int maxBuffered;
    private Supplier<Map<TopicPartition, Long>> trained = Map::of;
    private final AtomicLong lag = new AtomicLong(-1);
    /** How long a live reader waits for a silent partition; {@code null}: for ever. */
    private Duration idleSkip;
    private SkipListener onSkip = tp -> { };
    private TopicPartition waitingFor;
    private long waitingSince;
    private long allAtEndSince = NOT_AT_END;
    private boolean waitingAnnounced;
    /** Whether the last poll returned any record: only then has data arrived after a wait. */
    private boolean polledAny;

    /**
     * Assigns the plan's partitions to the consumer and seeks each to its next offset.
     *
     * @param consumer  a byte-array consumer, {@code read_committed}; touched only by the thread that reads
     * @param plan      where to start and stop
     * @param decoder   turns the bytes into records, or says why they are poison
     * @param poison    what to do with poison records
     * @param batchSize records per batch; partitions buffering twice as many (at least 500) are paused
     * @param stopping  ends the registry retries early
     */
    public PartitionReader(Consumer<byte[], byte[]> consumer, ReadPlan plan, RecordDecoder<E> decoder,
                           PoisonHandler poison, int batchSize, BooleanSupplier stopping) {
        this.consumer = consumer;
        this.plan = plan;
        this.decoder = decoder;
        this.poison = poison;
        this.stopping = stopping;
        this.batchSize = batchSize;
        this.maxBuffered = Math.max(2 * batchSize, 500);
        this.epochs = plan.epochs();
        consumer.assign(plan.partitions());
        plan.next().forEach(consumer::seek);
        this.rotation = new PartitionRotation<>(plan.partitions(), plan.next(), plan.cursor(), plan.end());
    }

    /**
     * Lets a live reader skip the turn of a partition that stayed silent; without it, a live reader waits for every
     * partition's turn. A bounded reader never skips.
     *
     * @param after  how long the waited-for partition must be silent
     * @param onSkip told of each skip, on the reading thread
     * @return this reader
     */
    public PartitionReader<E> skippingSilent(Duration after, SkipListener onSkip) {
        this.idleSkip = after;
        this.onSkip = onSkip;
        return this;
    }

    /**
     * Composes the next batch from what is buffered, or else polls once.
     *
     * @return a full batch; the last batch of a pass over a bounded stretch ({@link ComposedBatch#epochEnd()},
     *         partial or empty), which is the last of the run ({@link ComposedBatch#last()}) in the last pass; or
     *         {@code null} after one poll when the batch is not complete yet
     * @throws InterruptedException if interrupted while waiting to retry the registry
     */
    public ComposedBatch<E> read() throws InterruptedException {
        PartitionRotation.Fill fill = rotation.fill(batchSize);
        switch (fill.state()) {
            case READY -> {
                waitingFor = null;
                return rotation.take(false, epochs.epoch(), false);
            }
            case FINISHED -> {
                ComposedBatch<E> end = rotation.take(!epochs.more(), epochs.epoch(), true);
                if (epochs.more()) {
                    beginPass(epochs.following());
                }
                return end;
            }
            case WAITING -> {
                awaitTurn(fill.waitingFor());
                return null;
            }
            default -> throw new IllegalStateException(fill.state().name());
        }
    }

    /**
     * Returns the pass being read.
     *
     * @return the pass, from 1
     */
    public int epoch() {
        return epochs.epoch();
    }

    /** Seeks back to where a pass begins and composes it with a rotation that starts from the same first turn. */
    private void beginPass(EpochPlan pass) {
        epochs = pass;
        waitingFor = null;
        rotation = new PartitionRotation<>(plan.partitions(), pass.start(), pass.startCursor(), plan.end());
        pass.start().forEach(consumer::seek);
        log.debug("Pass {} of {} begins at {}", pass.epoch(), pass.epochs(), pass.start());
    }

    /**
     * Measures the lag against where training stands.
     *
     * @param trainedOffsets the next offsets after the last trained batch, read after every poll
     * @return this reader
     */
    public PartitionReader<E> measuringLag(Supplier<Map<TopicPartition, Long>> trainedOffsets) {
        this.trained = trainedOffsets;
        return this;
    }

    /**
     * Returns records not yet trained on as of the last poll: the log end minus the trained position, summed over
     * partitions; any thread.
     *
     * @return the lag, or -1 before it is known
     */
    public long lag() {
        return lag.get();
    }

    /**
     * Gets the waited-for partition's next record: passes over its turn at once when it is at its end and another
     * partition has records (live runs only), else polls once and passes over it if it stayed silent too long.
     */
    private void awaitTurn(TopicPartition wanted) throws InterruptedException {
        if (!wanted.equals(waitingFor)) {
            waitingFor = wanted;
            waitingSince = System.nanoTime();
        }
        boolean live = idleSkip != null && !rotation.bounded();
        if (live && atEnd(wanted) && othersHaveRecords(wanted)) {
            skip(wanted, "is at its end offset");
            return;
        }
        int arrived = pollOnce(wanted);
        if (polledAny) {
            announceData();
        }
        if (!live || arrived > 0) {
            return;
        }
        if (atEnd(wanted) && othersHaveRecords(wanted)) {
            skip(wanted, "is at its end offset");
        } else if (System.nanoTime() - waitingSince > idleSkip.toNanos()) {
            skip(wanted, "was silent for " + idleSkip);
        } else if (!waitingAnnounced && rotation.partitions().stream().allMatch(this::atEnd)
                && allAtEndFor() > ANNOUNCE_WAIT_AFTER.toNanos()) {
            waitingAnnounced = true;
            log.info("Waiting for data: every input partition is at its end offset ({})", rotation.partitions());
            onSkip.waitingForData(rotation.partitions());
        }
    }

    private void skip(TopicPartition wanted, String why) {
        log.debug("Partition {} {}; skipping its turn", wanted, why);
        rotation.skip(wanted);
        onSkip.skipped(wanted);
        waitingFor = null;
    }

    /** Nanoseconds since every partition was first seen at its end with nothing arriving; starts the count. */
    private long allAtEndFor() {
        long now = System.nanoTime();
        if (allAtEndSince == NOT_AT_END) {
            allAtEndSince = now;
        }
        return now - allAtEndSince;
    }

    private void announceData() {
        allAtEndSince = NOT_AT_END;
        if (waitingAnnounced) {
            waitingAnnounced = false;
            log.info("Data arrived; training goes on");
            onSkip.dataArrived();
        }
    }

    /** Whether the consumer has fetched every record of the partition there is (read_committed: up to the LSO). */
    private boolean atEnd(TopicPartition tp) {
        OptionalLong behind = consumer.currentLag(tp);
        return behind.isPresent() && behind.getAsLong() == 0 && rotation.buffered(tp) == 0;
    }

    private boolean othersHaveRecords(TopicPartition wanted) {
        for (TopicPartition tp : rotation.partitions()) {
            if (!tp.equals(wanted) && rotation.buffered(tp) > 0) {
                return true;
            }
        }
        return false;
    }

    /** Polls once; returns how many records arrived for {@code wanted}. */
    private int pollOnce(TopicPartition wanted) throws InterruptedException {
        adjustPauses();
        ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
        polledAny = !records.isEmpty();
        int forWanted = 0;
        for (ConsumerRecord<byte[], byte[]> r : records) {
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            if (r.offset() >= rotation.end(tp)) {
                continue; // past a bounded run's end: never trained, the partition is paused from now on
            }
            rotation.add(decodeOrPoison(r, tp));
            if (tp.equals(wanted)) {
                forWanted++;
            }
        }
        updatePositionsAndLag();
        return forWanted;
    }

    private Fetched<E> decodeOrPoison(ConsumerRecord<byte[], byte[]> r, TopicPartition tp) throws InterruptedException {
        long deadline = System.nanoTime() + REGISTRY_RETRY_FOR.toNanos();
        long backoff = 100;
        while (true) {
            try {
                return decoder.decode(r);
            } catch (PoisonRecordException e) {
                if (epochs.epoch() == 1) {
                    poison.poison(r, e);
                }
                return new Fetched<>(tp, r.offset(), r.timestamp(), -1, null);
            } catch (SchemaRegistryException e) {
                if (!e.isRetriable() || System.nanoTime() > deadline || stopping.getAsBoolean()) {
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
}
