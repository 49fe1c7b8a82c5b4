package org.levistream.schemas.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TopicSpecTest {

    @Test
    void aDeadLetterTopicTakesTheBrokersDefaultsAndIsNotCompacted() {
        var request = TopicSpec.deadLetter("levi.deadletter").newTopic();
        assertThat(request.numPartitions()).isEqualTo(-1);
        assertThat(request.replicationFactor()).isEqualTo((short) -1);
        assertThat(request.configs()).isNull();
    }

    @Test
    void aCompactedTopicAsksForTheCompactCleanupPolicy() {
        var request = TopicSpec.compacted("levi.checkpoints", Optional.empty()).withReplication(Optional.of((short) 3))
                .newTopic();
        assertThat(request.configs()).isEqualTo(Map.of("cleanup.policy", "compact"));
        assertThat(request.replicationFactor()).isEqualTo((short) 3);
    }

    @Test
    void rejectsZeroPartitionsNamingTheTopic() {
        assertThatThrownBy(() -> TopicSpec.data("levi.images", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("partitions of levi.images must be at least 1, was 0");
    }
}
