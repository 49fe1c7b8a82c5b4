package org.levistream.trainer.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.levistream.embedded.junit.EmbeddedStackExtension;
import org.levistream.embedded.junit.TestNames;
import org.levistream.embedded.stack.EmbeddedStack;
import org.levistream.trainer.checkpoint.ExperimentLock;
import org.levistream.trainer.config.TrainerSettings;
import org.levistream.trainer.testing.Interactions;
import org.levistream.trainer.testing.TinyBackbone;
import org.levistream.trainer.testing.TrainerSettingsFixture;

/** A second trainer on the same experiment is refused; the first trains on untouched (issue 14). */
@Tag("integration")
@Timeout(120)
@ExtendWith(EmbeddedStackExtension.class)
class OneTrainerPerExperimentIT {
    @TempDir
    Path dir;

    @Test
    void aSecondTrainerOfTheSameExperimentIsRefused(EmbeddedStack stack, TestInfo info) throws Exception {
        String topic = TestNames.unique(info);
        stack.broker().createTopic(topic, 2, Map.of());
        Interactions.produce(stack, topic, 2, Interactions.encode(stack, topic, Interactions.generate(64, 6)), 64,
                false);
        Map<String, String> settings = TrainerSettingsFixture.tiny(stack, topic, "twice", dir.resolve("ckpt"),
                dir.resolve("store"), TinyBackbone.store(dir.resolve("store")));
        CountDownLatch started = new CountDownLatch(1);
        TrainerListener listener = new TrainerListener() {
            @Override public void started(String from) {
                started.countDown();
            }
        };

        try (var first = TrainerService.start(TrainerSettings.toConfig(settings), listener)) {
            assertThat(started.await(60, TimeUnit.SECONDS)).isTrue();
            try (var second = TrainerService.start(TrainerSettings.toConfig(settings), TrainerListener.NONE)) {
                assertThat(second.awaitTermination(Duration.ofSeconds(60))).contains(TrainerService.Outcome.FAILED);
                assertThat(second.failure()).get().isInstanceOf(ExperimentLock.ExperimentLockedException.class)
                        .extracting(Throwable::getMessage).asString()
                        .startsWith("experiment twice is already being trained");
            }
            assertThat(first.awaitTermination(Duration.ofMillis(500))).isEmpty();   // still training
            assertThat(first.failure()).isEmpty();
        }
    }
}
