package org.levistream.trainer.checkpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.levistream.trainer.position.PartitionOffsets;

/**
 * One partition's offset in checkpoint metadata.
 *
 * @param topic     the topic
 * @param partition the partition
 * @param offset    the offset (a next offset to read, or an exclusive end)
 */
public record PartitionPosition(String topic, int partition, long offset) {
    /**
     * Returns the partition.
     *
     * @return topic and partition
     */
    public TopicPartition topicPartition() {
        return new TopicPartition(topic, partition);
    }

    /**
     * Lists a map's entries in canonical order.
     *
     * @param offsets partition to offset
     * @return the positions
     */
    public static List<PartitionPosition> listOf(Map<TopicPartition, Long> offsets) {
        List<PartitionPosition> list = new ArrayList<>();
        PartitionOffsets.sortedCopy(offsets).forEach((tp, o) -> list.add(new PartitionPosition(tp.topic(),
                tp.partition(), o)));
        return list;
    }

    /**
     * Turns positions back into a map.
     *
     * @param positions the positions; may be {@code null}
     * @return a sorted map
     */
    public static Map<TopicPartition, Long> mapOf(List<PartitionPosition> positions) {
        Map<TopicPartition, Long> map = PartitionOffsets.sorted();
        if (positions != null) {
            positions.forEach(p -> map.put(p.topicPartition(), p.offset()));
        }
        return map;
    }
}
