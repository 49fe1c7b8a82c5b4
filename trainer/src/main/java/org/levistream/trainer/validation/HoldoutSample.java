package org.levistream.trainer.validation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.levistream.trainer.batching.Fetched;
import org.levistream.trainer.batching.PoisonRecordException;
import org.levistream.trainer.batching.RecordDecoder;
import org.levistream.trainer.position.PartitionOffsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the validation sample: from each partition of the held-out topic, its first records (by offset) up to an
 * equal share of the sample size, as far as the log end when reading starts. The same topic content gives the same
 * sample. Undecodable records are skipped; the ingest and the live trainer dead-letter such records already.
 */
public final class HoldoutSample {
    private static final Logger log = LoggerFactory.getLogger(HoldoutSample.class);

    private HoldoutSample() {}

    /**
     * Reads the sample.
     *
     * @param consumer a byte-array {@code read_committed} consumer, used and left open
     * @param decoder  the decoder of the records the trainer's featurizer takes
     * @param topic    the held-out topic
     * @param limit    the sample size
     * @param timeout  how long to read at most
     * @param <E>      the decoded records' type
     * @return the records with their coordinates, partition by partition in canonical order; empty if the topic is
     *         missing or empty
     */
    public static <E> List<Fetched<E>> read(Consumer<byte[], byte[]> consumer, RecordDecoder<E> decoder,
                                             String topic, int limit, Duration timeout) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
        if (infos == null || infos.isEmpty()) {
            log.warn("The held-out topic {} does not exist; checkpoints carry no ID validation", topic);
            return List.of();
        }
        List<TopicPartition> partitions = new ArrayList<>();
        infos.forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
        partitions.sort(PartitionOffsets.ORDER);
        int share = (limit + partitions.size() - 1) / partitions.size();
        Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, timeout);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
        Map<TopicPartition, List<Fetched<E>>> taken = PartitionOffsets.sorted();
        partitions.forEach(tp -> taken.put(tp, new ArrayList<>()));
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done(consumer, partitions, taken, end, share) && System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                if (r.offset() < end.get(tp) && taken.get(tp).size() < share) {
                    try {
                        taken.get(tp).add(decoder.decode(r));
                    } catch (PoisonRecordException e) {
                        log.debug("Skipped held-out {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
                    }
                }
            }
        }
        consumer.unsubscribe();
        List<Fetched<E>> sample = new ArrayList<>();
        taken.values().forEach(sample::addAll);
        log.info("ID validation sample: {} records from {} (offsets {} to {})", sample.size(), topic,
                PartitionOffsets.format(begin), PartitionOffsets.format(end));
        return sample.size() > limit ? List.copyOf(sample.subList(0, limit)) : List.copyOf(sample);
    }

    private static <E> boolean done(Consumer<byte[], byte[]> consumer, List<TopicPartition> partitions,
                                    Map<TopicPartition, List<Fetched<E>>> taken, Map<TopicPartition, Long> end,
                                    int share) {
        for (TopicPartition tp : partitions) {
            if (taken.get(tp).size() < share && consumer.position(tp) < end.get(tp)) {
                return false;
            }
        }
        return true;
    }
}
