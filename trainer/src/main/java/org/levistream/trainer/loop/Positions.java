package org.levistream.trainer.loop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.levistream.trainer.position.EndPoint;
import org.levistream.trainer.position.PartitionOffsets;
import org.levistream.trainer.position.StartPoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the brokers where partitions are: which partitions the input topics have (waiting, and saying so, until Kafka
 * answers and the topics exist), and the offsets that start and end points mean.
 */
final class Positions {
    private static final Logger log = LoggerFactory.getLogger(Positions.class);
    private static final Duration ASK = Duration.ofSeconds(5);
    private static final Duration WAIT = Duration.ofSeconds(2);

    private final Consumer<byte[], byte[]> consumer;

    Positions(Consumer<byte[], byte[]> consumer) {
        this.consumer = consumer;
    }

    /**
     * Lists the input partitions, waiting until Kafka is reachable and every topic exists.
     *
     * @param topics    the input topics
     * @param bootstrap for the message
     * @param listener  hears each wait
     * @param stopping  ends the wait early
     * @return the partitions in canonical order, or empty if stopped first
     * @throws InterruptedException if interrupted
     */
    List<TopicPartition> awaitPartitions(List<String> topics, String bootstrap, TrainerListener listener,
                                         BooleanSupplier stopping) throws InterruptedException {
        String lastMessage = null;
        while (!stopping.getAsBoolean()) {
            String message;
            try {
                List<TopicPartition> partitions = new ArrayList<>();
                List<String> missing = new ArrayList<>();
                for (String topic : topics) {
                    List<PartitionInfo> infos = consumer.partitionsFor(topic, ASK);
                    if (infos == null || infos.isEmpty()) {
                        missing.add(topic);
                    } else {
                        infos.forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
                    }
                }
                if (missing.isEmpty()) {
                    partitions.sort(PartitionOffsets.ORDER);
                    return partitions;
                }
                message = "Waiting for topic(s) " + missing + " to exist on Kafka at " + bootstrap;
            } catch (KafkaException e) {
                message = "Waiting for Kafka at " + bootstrap + ": not reachable yet (" + e.getMessage() + ")";
            }
            if (!message.equals(lastMessage)) {
                log.warn("{}; retrying every {} s", message, ASK.plus(WAIT).toSeconds());
                listener.waiting(message);
                lastMessage = message;
            }
            Thread.sleep(WAIT.toMillis());
        }
        return List.of();
    }

    /**
     * Resolves a start point (checkpoint start points are resolved by the caller).
     *
     * @param partitions the partitions
     * @param start      the start point
     * @return the next offset of every partition
     */
    Map<TopicPartition, Long> start(List<TopicPartition> partitions, StartPoint start) {
        Map<TopicPartition, Long> next = PartitionOffsets.sorted();
        if (start instanceof StartPoint.Latest) {
            next.putAll(consumer.endOffsets(partitions, ASK));
        } else if (start instanceof StartPoint.Timestamp t) {
            next.putAll(atTime(partitions, t.at().toEpochMilli()));
        } else {
            next.putAll(consumer.beginningOffsets(partitions, ASK));
            if (start instanceof StartPoint.Offsets o) {
                o.offsets().forEach((tp, off) -> {
                    if (next.containsKey(tp)) {
                        next.put(tp, off);
                    }
                });
            }
        }
        return next;
    }

    /**
     * Resolves an end point.
     *
     * @param partitions the partitions
     * @param end        the end point
     * @return exclusive end offsets; empty for a live run
     */
    Map<TopicPartition, Long> end(List<TopicPartition> partitions, EndPoint end) {
        Map<TopicPartition, Long> ends = PartitionOffsets.sorted();
        if (end instanceof EndPoint.None) {
            return ends;
        }
        if (end instanceof EndPoint.Timestamp t) {
            ends.putAll(atTime(partitions, t.at().toEpochMilli()));
            return ends;
        }
        // With read_committed, endOffsets is the last stable offset: open transactions are not waited for.
        ends.putAll(consumer.endOffsets(partitions, ASK));
        if (end instanceof EndPoint.Offsets o) {
            o.offsets().forEach((tp, off) -> {
                if (ends.containsKey(tp)) {
                    ends.put(tp, off);
                }
            });
        }
        return ends;
    }

    private Map<TopicPartition, Long> atTime(List<TopicPartition> partitions, long epochMillis) {
        Map<TopicPartition, Long> query = PartitionOffsets.sorted();
        partitions.forEach(tp -> query.put(tp, epochMillis));
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, ASK);
        Map<TopicPartition, Long> logEnd = consumer.endOffsets(partitions, ASK);
        Map<TopicPartition, Long> offsets = PartitionOffsets.sorted();
        for (TopicPartition tp : partitions) {
            OffsetAndTimestamp at = found.get(tp);
            // No record at or after the instant: the whole partition is before it.
            offsets.put(tp, at == null ? logEnd.get(tp) : at.offset());
        }
        return offsets;
    }
}
