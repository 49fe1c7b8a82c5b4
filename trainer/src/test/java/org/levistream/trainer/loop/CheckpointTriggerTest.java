package org.levistream.trainer.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CheckpointTriggerTest {
    @Test
    void firesOnStepsOrTimeWhicheverComesFirstButNeverWithoutAStep() {
        CheckpointTrigger t = new CheckpointTrigger(100, Duration.ofSeconds(5));
        assertThat(t.due(99, Duration.ofSeconds(1))).isFalse();
        assertThat(t.due(100, Duration.ofSeconds(1))).isTrue();
        assertThat(t.due(3, Duration.ofSeconds(5))).isTrue();
        assertThat(t.due(0, Duration.ofHours(1))).isFalse();
    }

    @Test
    void zeroTurnsACriterionOff() {
        assertThat(new CheckpointTrigger(0, Duration.ofSeconds(5)).due(1_000_000, Duration.ofSeconds(1))).isFalse();
        assertThat(new CheckpointTrigger(10, Duration.ZERO).due(9, Duration.ofDays(1))).isFalse();
    }
}
