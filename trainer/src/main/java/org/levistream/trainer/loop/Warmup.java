package org.levistream.trainer.loop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.levistream.trainer.batching.BatchBuilder;
import org.levistream.trainer.batching.ComposedBatch;
import org.levistream.trainer.batching.Fetched;
import org.levistream.trainer.batching.PartitionRotation;
import org.levistream.trainer.batching.PoisonRecordException;
import org.levistream.trainer.batching.RecordDecoder;

/**
 * Rebuilds a stateful featurizer's state after a restart by feeding it the records between the run's origin and its
 * checkpoint, in the rotation's order: the same records in the same order as the run that wrote the checkpoint saw
 * them. A rotation that ends at the checkpoint's offsets yields exactly that prefix, since in the original run no
 * partition was visited again after its last record before the checkpoint.
 */
final class Warmup {
    private final Consumer<byte[], byte[]> consumer;
    private final RecordDecoder decoder;
    private final BatchBuilder builder;

    Warmup(Consumer<byte[], byte[]> consumer, RecordDecoder decoder, BatchBuilder builder) {
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
     */
    long run(List<TopicPartition> partitions, Map<TopicPartition, Long> origin, Map<TopicPartition, Long> upTo,
             BooleanSupplier stopping) {
        PartitionRotation rotation = new PartitionRotation(partitions, origin, null, upTo);
        consumer.assign(partitions);
        origin.forEach(consumer::seek);
        long observed = 0;
        while (!stopping.getAsBoolean()) {
            PartitionRotation.Fill fill = rotation.fill(1);
            if (fill.state() == PartitionRotation.State.FINISHED) {
                break;
            }
            if (fill.state() == PartitionRotation.State.READY) {
                ComposedBatch one = rotation.take(false);
                builder.observe(one.records().get(0).event());
                observed++;
            } else {
                poll(rotation);
            }
        }
        consumer.unsubscribe();
        return observed;
    }

    private void poll(PartitionRotation rotation) {
        List<TopicPartition> done = new ArrayList<>();
        for (TopicPartition tp : rotation.partitions()) {
            if (consumer.position(tp) >= rotation.end(tp)) {
                done.add(tp);
            }
        }
        consumer.pause(done);
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            if (r.offset() < rotation.end(tp)) {
                rotation.add(decodeOrPoison(r, tp));
            }
        }
        for (TopicPartition tp : rotation.partitions()) {
            rotation.fetchedThrough(tp, consumer.position(tp));
        }
    }

    private Fetched decodeOrPoison(ConsumerRecord<byte[], byte[]> r, TopicPartition tp) {
        try {
            return decoder.decode(r);
        } catch (PoisonRecordException e) {
            return new Fetched(tp, r.offset(), r.timestamp(), -1, null); // dead-lettered by the original run
        }
    }
}
