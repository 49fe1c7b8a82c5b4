package org.levistream.trainer.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.levistream.common.config.InvalidConfigException;
import org.levistream.embedded.junit.EmbeddedStackExtension;
import org.levistream.embedded.junit.TestNames;
import org.levistream.embedded.stack.EmbeddedStack;
import org.levistream.trainer.checkpoint.PartitionPosition;
import org.levistream.trainer.config.TrainerConfig;
import org.levistream.trainer.config.TrainerSettings;
import org.levistream.trainer.loop.TrainerListener;
import org.levistream.trainer.loop.TrainerService;
import org.levistream.trainer.testing.Interactions;
import org.levistream.trainer.testing.Lineage;
import org.levistream.trainer.testing.TinyBackbone;
import org.levistream.trainer.testing.Topics;
import org.levistream.trainer.testing.TrainerSettingsFixture;

/**
 * Replays are isolated, bounded and deterministic: two replays over the same stretch with the same settings reach
 * bit-identical parameters, and a replay from a live run's version with that run's settings reproduces the run's
 * own continuation. A replay with another method runs side by side from the same offsets.
 */
@Tag("integration")
@Timeout(120)
@ExtendWith(EmbeddedStackExtension.class)
class ReplayIT {
    @TempDir
    Path dir;

    @Test
    void replaysOfTheSameStretchWithTheSameSettingsReachIdenticalParameters(EmbeddedStack stack, TestInfo info)
            throws Exception {
        String topic = TestNames.unique(info);
        stack.broker().createTopic(topic, 2, Map.of());
        Interactions.produce(stack, topic, 2, Interactions.encode(stack, topic, Interactions.generate(480, 21)), 100,
                false);
        Map<TopicPartition, Long> end = Topics.endOffsets(stack, topic, 2);
        Map<String, String> settings = TrainerSettingsFixture.tiny(stack, topic, "live", dir.resolve("ckpt"),
                dir.resolve("store"), TinyBackbone.store(dir.resolve("store")));
        settings.put("trainer.end", "end");
        run(TrainerSettings.toConfig(settings));

        TrainerConfig a = Replay.config(settings, "replay-a", "checkpoint:live@10", "end");
        TrainerConfig b = Replay.config(settings, "replay-b", "checkpoint:live@10", "end");
        Map<String, String> ft = new HashMap<>(settings);
        ft.put("model.method", "ft");
        TrainerConfig c = Replay.config(ft, "replay-ft", "checkpoint:live@10", "end");
        assertThat(a.groupId()).isEqualTo("levi-replay.replay-a");
        assertThat(a.checkpointDir()).isEqualTo(dir.resolve("ckpt/replay-a").toAbsolutePath());
        run(a);
        run(b);
        run(c);

        var live = Lineage.finalParameters(dir.resolve("ckpt/live"));
        assertThat(Lineage.bitEqual(Lineage.finalParameters(a.checkpointDir()), Lineage.finalParameters(b.checkpointDir())))
                .as("two replays, same stretch and settings").isTrue();
        assertThat(Lineage.bitEqual(Lineage.finalParameters(a.checkpointDir()), live))
                .as("a replay from live@10 with live's settings continues as live did").isTrue();
        var ftChain = Lineage.chain(c.checkpointDir());
        assertThat(ftChain.get(0).lineage()).allSatisfy(r -> assertThat(r.from()).isPositive());
        assertThat(PartitionPosition.mapOf(ftChain.get(ftChain.size() - 1).nextOffsets())).isEqualTo(end);
        assertThat(ftChain.get(ftChain.size() - 1).startedFrom()).isEqualTo("checkpoint:live@10");
        assertThat(ftChain.get(ftChain.size() - 1).recordsTrained()).isEqualTo(480 - 10 * 16);
    }

    @Test
    void refusesAReplayWithoutAnEnd() {
        Map<String, String> s = Map.of("model.method", "small-only");
        assertThatThrownBy(() -> Replay.config(s, "r", "earliest", "none"))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("a replay needs an end");
    }

    private static void run(TrainerConfig config) throws InterruptedException {
        try (var trainer = TrainerService.start(config, TrainerListener.NONE)) {
            assertThat(trainer.awaitTermination(Duration.ofSeconds(60))).contains(TrainerService.Outcome.FINISHED);
        }
    }
}
