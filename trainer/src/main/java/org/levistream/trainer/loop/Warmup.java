package org.levistream.trainer.loop;

import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.levistream.trainer.batching.BatchBuilder;
import org.levistream.trainer.batching.ComposedBatch;
import org.levistream.trainer.batching.Fetched;
import org.levistream.trainer.batching.PartitionReader;
import org.levistream.trainer.batching.ReadPlan;
import org.levistream.trainer.batching.RecordDecoder;

/**
 * Rebuilds a stateful featurizer's state after a restart by feeding it the records between the run's origin and its
 * checkpoint, in the rotation's order: the same records in the same order as the run that wrote the checkpoint saw
 * them. A rotation that ends at the checkpoint's offsets yields exactly that prefix, since in the original run no
 * partition was visited again after its last record before the checkpoint.
 */
final class Warmup<E> {
    private final Consumer<byte[], byte[]> consumer;
    private final RecordDecoder<E> decoder;
    private final BatchBuilder<E> builder;

    Warmup(Consumer<byte[], byte[]> consumer, RecordDecoder<E> decoder, BatchBuilder<E> builder) {
        this.consumer = consumer;
        this.decoder = decoder;
        this.builder = builder;
    }

    /**
     * Feeds the records in {@code [origin, upTo)} to the featurizer.
     *
     * @param partitions the input partitions
     * @param origin     where the run began
     * @param upTo       the checkpoint's next offsets
     * @param stopping   ends it early
     * @return the records observed
     * @throws InterruptedException if interrupted while waiting for the schema registry
     */
    long run(List<TopicPartition> partitions, Map<TopicPartition, Long> origin, Map<TopicPartition, Long> upTo,
             BooleanSupplier stopping) throws InterruptedException {
        // Poison was dead-lettered by the original run; here it is only passed over, as it was then.
        PartitionReader<E> reader = new PartitionReader<>(consumer, new ReadPlan(partitions, origin, null, upTo), decoder,
                PartitionReader.PoisonHandler.PASS_OVER, 1, stopping);
        long observed = 0;
        while (!stopping.getAsBoolean()) {
            ComposedBatch<E> one = reader.read();
            if (one == null) {
                continue;
            }
            for (Fetched<E> f : one.records()) {
                builder.observe(f.event());
                observed++;
            }
            if (one.last()) {
                break;
            }
        }
        consumer.unsubscribe();
        return observed;
    }
}
