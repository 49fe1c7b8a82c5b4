package org.levistream.trainer.batching;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Where the training loop gets its batches: the {@link BatchFeed} from Kafka, or batches held in memory
 * ({@link InMemoryBatches}, the throughput benchmark's floor). The training thread takes and reports; the source
 * owns whatever it reads from.
 */
public interface BatchSource extends AutoCloseable {

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
