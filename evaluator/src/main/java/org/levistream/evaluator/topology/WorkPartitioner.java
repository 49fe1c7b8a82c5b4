package org.levistream.evaluator.topology;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.StreamPartitioner;
import java.nio.charset.StandardCharsets;

/**
 * Places work items: a held-out record goes to every partition of the work topic (each instance keeps the whole
 * sample, which is small: a bounded sample per topic), a version to its experiment's partition (murmur2 of the key,
 * as Kafka's default partitioner), so that one task scores an experiment and holds its reference and alerts.
 */
final class WorkPartitioner implements StreamPartitioner<Object, Object> {
    @Override
    public Optional<Set<Integer>> partitions(String topic, Object key, Object value, int numPartitions) {
        if (value instanceof WorkItem.HeldOut) {
            return Optional.of(IntStream.range(0, numPartitions).boxed().collect(Collectors.toSet()));
        }
        byte[] bytes = String.valueOf(key).getBytes(StandardCharsets.UTF_8);
        return Optional.of(Set.of(Utils.toPositive(Utils.murmur2(bytes)) % numPartitions));
    }
}
