package org.levistream.schemas.topics;

import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * A topic a service needs, as it would be created when missing. Absent partitions or replication mean the broker's
 * defaults ({@code num.partitions}, {@code default.replication.factor}), so that an operator's cluster settings
 * decide them unless a service is told otherwise.
 *
 * @param name        the topic
 * @param partitions  partitions to create it with; empty for the broker's default
 * @param replication replication factor to create it with; empty for the broker's default
 * @param compacted   whether its cleanup policy is {@code compact} (latest value per key) instead of {@code delete}
 */
public record TopicSpec(String name, Optional<Integer> partitions, Optional<Short> replication, boolean compacted) {
    /** Checks the name and the counts. */
    public TopicSpec {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a topic name must not be blank");
        }
        partitions.ifPresent(p -> {
            if (p < 1) {
                throw new IllegalArgumentException("partitions of " + name + " must be at least 1, was " + p);
            }
        });
        replication.ifPresent(r -> {
            if (r < 1) {
                throw new IllegalArgumentException("replication of " + name + " must be at least 1, was " + r);
            }
        });
    }

    /**
     * A data topic: records keyed by id, spread over the given partitions.
     *
     * @param name       the topic
     * @param partitions its partitions
     * @return the spec, with the broker's default replication
     */
    public static TopicSpec data(String name, int partitions) {
        return new TopicSpec(name, Optional.of(partitions), Optional.empty(), false);
    }

    /**
     * The dead-letter topic: the broker's default partitions, since its order does not matter and its volume is an
     * operator's call, and deletion by retention like any log.
     *
     * @param name the topic, e.g. {@code levi.deadletter}
     * @return the spec
     */
    public static TopicSpec deadLetter(String name) {
        return new TopicSpec(name, Optional.empty(), Optional.empty(), false);
    }

    /**
     * A compacted topic that keeps the latest value per key, e.g. checkpoint events or a progress log.
     *
     * @param name       the topic
     * @param partitions its partitions; empty for the broker's default
     * @return the spec
     */
    public static TopicSpec compacted(String name, Optional<Integer> partitions) {
        return new TopicSpec(name, partitions, Optional.empty(), true);
    }

    /**
     * The same topic with another replication factor.
     *
     * @param factor the factor; empty for the broker's default
     * @return a new spec
     */
    public TopicSpec withReplication(Optional<Short> factor) {
        return new TopicSpec(name, partitions, factor, compacted);
    }

    /** The admin request that creates it. */
    NewTopic newTopic() {
        NewTopic topic = new NewTopic(name, partitions, replication);
        return compacted ? topic.configs(java.util.Map.of(TopicConfig.CLEANUP_POLICY_CONFIG,
                TopicConfig.CLEANUP_POLICY_COMPACT)) : topic;
    }
}
