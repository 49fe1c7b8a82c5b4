package org.levistream.trainer.batching;

import ai.djl.Device;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.levistream.trainer.events.DeadLetters;

/**
 * Where the training loop gets its batches: the {@link BatchFeed} from Kafka in every trainer, or whatever a
 * {@link Factory} given to the trainer opens (the throughput benchmark's batches held in memory, say). The training
 * thread takes and reports; the source owns whatever it reads from.
 */
public interface BatchSource extends AutoCloseable {

    /** Opens the trainer's batch source once the trainer knows where to start; called on the training thread. */
    @FunctionalInterface
    interface Factory {
        /** The trainer's own source: the {@link BatchFeed} over Kafka. */
        Factory KAFKA = BatchFeed::new;

        /**
         * Opens a source.
         *
         * @param inputs what the trainer has prepared; the source owns the consumer from now on
         * @return the source, not started yet
         */
        BatchSource open(Inputs<?> inputs);
    }

    /**
     * What the trainer hands a {@link Factory}.
     *
     * @param consumer    a byte-array consumer with {@code isolation.level=read_committed}; the source closes it
     * @param plan        where to start and stop
     * @param decoder     turns bytes into records
     * @param deadLetters where poison goes
     * @param builder     the featurizer; used only by the source from now on
     * @param device      where batches are built
     * @param batchSize   records per batch
     * @param queueDepth  ready batches kept ahead
     * @param idleSkip    how long a live source waits for a silent partition
     * @param listener    counts poison and skips
     * @param <E>         the decoded records' type
     */
    record Inputs<E>(Consumer<byte[], byte[]> consumer, ReadPlan plan, RecordDecoder<E> decoder,
                     DeadLetters deadLetters, BatchBuilder<E> builder, Device device, int batchSize, int queueDepth, Duration idleSkip,
                  BatchFeed.Listener listener) {
    }

    /** Starts producing batches (a thread of its own, for the Kafka feed). */
    void start();

    /**
     * Takes the next ready batch.
     *
     * @param timeout how long to wait
     * @return the batch (the caller closes it), or {@code null} if none was ready in time
     * @throws InterruptedException if interrupted
     */
    ReadyBatch take(Duration timeout) throws InterruptedException;

    /**
     * Tells the source where training stands, for the lag metric.
     *
     * @param nextOffsets the next offsets after the last trained batch
     */
    void trained(Map<TopicPartition, Long> nextOffsets);

    /**
     * Asks for group offsets to be committed (for lag monitoring) after a durable checkpoint; the newest request
     * wins.
     *
     * @param offsets next offsets, as in the checkpoint
     */
    void commit(Map<TopicPartition, Long> offsets);

    /**
     * Returns records not yet trained on.
     *
     * @return the lag, or -1 before it is known
     */
    long lag();

    /** Stops the source and frees batches not taken. */
    @Override
    void close() throws InterruptedException;
}
