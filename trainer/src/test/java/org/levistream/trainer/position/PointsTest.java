package org.levistream.trainer.position;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class PointsTest {
    @Test
    void parsesEveryStartPointForm() {
        assertThat(StartPoint.parse("earliest", null)).isInstanceOf(StartPoint.Earliest.class);
        assertThat(StartPoint.parse("latest", null)).isInstanceOf(StartPoint.Latest.class);
        assertThat(StartPoint.parse("offsets:0=5,1=7", "t")).isEqualTo(new StartPoint.Offsets(
                Map.of(new TopicPartition("t", 0), 5L, new TopicPartition("t", 1), 7L)));
        assertThat(StartPoint.parse("timestamp:2024-06-01T00:00:00Z", null))
                .isEqualTo(new StartPoint.Timestamp(Instant.parse("2024-06-01T00:00:00Z")));
        assertThat(StartPoint.parse("timestamp:1000", null)).isEqualTo(new StartPoint.Timestamp(Instant.ofEpochMilli(1000)));
        assertThat(StartPoint.parse("checkpoint:live@42", null)).isEqualTo(new StartPoint.Checkpoint("live", 42));
        assertThat(StartPoint.parse("checkpoint:live", null)).isEqualTo(new StartPoint.Checkpoint("live", -1));
    }

    @Test
    void parsesEveryEndPointForm() {
        assertThat(EndPoint.parse("none", null).bounded()).isFalse();
        assertThat(EndPoint.parse("end", null)).isInstanceOf(EndPoint.LogEnd.class);
        assertThat(EndPoint.parse("offsets:a.b:2=9", null)).isEqualTo(new EndPoint.Offsets(
                Map.of(new TopicPartition("a.b", 2), 9L)));
        assertThat(EndPoint.parse("timestamp:2024-06-01T00:00:00Z", null).bounded()).isTrue();
    }

    @Test
    void formatsOffsetsTheWayItParsesThem() {
        var offsets = PartitionOffsets.parse("x:1=3,x:0=2,w:5=1", null);
        assertThat(PartitionOffsets.format(offsets)).isEqualTo("w:5=1,x:0=2,x:1=3");
        assertThat(PartitionOffsets.parse(PartitionOffsets.format(offsets), null)).isEqualTo(offsets);
    }

    @Test
    void saysWhatIsWrongWithBadForms() {
        assertThatThrownBy(() -> StartPoint.parse("yesterday", null)).hasMessageContaining("earliest, latest");
        assertThatThrownBy(() -> PartitionOffsets.parse("0=5", null)).hasMessageContaining("names no topic");
        assertThatThrownBy(() -> PartitionOffsets.parse("t:0=x", null)).hasMessageContaining("whole numbers");
        assertThatThrownBy(() -> PartitionOffsets.parse("t:0=1,t:0=2", null)).hasMessageContaining("repeats");
        assertThatThrownBy(() -> StartPoint.parse("checkpoint:a@b", null)).hasMessageContaining("not a version");
    }
}
