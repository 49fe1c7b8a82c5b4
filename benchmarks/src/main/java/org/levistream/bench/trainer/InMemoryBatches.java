package org.levistream.bench.trainer;

import ai.djl.Device;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.levistream.trainer.batching.BatchBuilder;
import org.levistream.trainer.batching.BatchSource;
import org.levistream.trainer.batching.ComposedBatch;
import org.levistream.trainer.batching.ReadyBatch;

/**
 * Batches composed and featurized beforehand, all of them, on the thread that creates this source, and then handed
 * out in order without waiting: the training loop with nothing but training to do. It is the floor of the throughput
 * benchmark, which runs the trainer's own loop (checkpoints and their events included) over it.
 */
final class InMemoryBatches implements BatchSource {
    private final ArrayDeque<ReadyBatch> ready;
    private volatile long left;   // read by the metrics endpoint's thread

    /**
     * Featurizes every batch now.
     *
     * @param composed the batches in training order, as the trainer's rotation composed them, the end marker of a
     *                 bounded run included
     * @param builder  the featurizer
     * @param device   where the batches go
     */
    InMemoryBatches(List<ComposedBatch> composed, BatchBuilder builder, Device device) {
        this.ready = new ArrayDeque<>(composed.size());
        for (ComposedBatch c : composed) {
            ready.add(ReadyBatch.featurize(c, builder, device));
            left += c.size();
        }
    }

    @Override
    public void start() {
    }

    @Override
    public ReadyBatch take(Duration timeout) {
        ReadyBatch next = ready.poll();
        if (next != null) {
            left -= next.composed().size();
        }
        return next;
    }

    @Override
    public void trained(Map<TopicPartition, Long> nextOffsets) {
    }

    @Override
    public void commit(Map<TopicPartition, Long> offsets) {
    }

    @Override
    public long lag() {
        return left;
    }

    @Override
    public void close() {
        ReadyBatch b;
        while ((b = ready.poll()) != null) {
            b.close();
        }
    }
}
