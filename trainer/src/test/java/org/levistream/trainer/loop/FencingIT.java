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
import org.levistream.trainer.config.TrainerSettings;
import org.levistream.trainer.events.CheckpointEvents;
import org.levistream.trainer.testing.Interactions;
import org.levistream.trainer.testing.TinyBackbone;
import org.levistream.trainer.testing.TrainerSettingsFixture;

/**
 * Two trainers of one experiment that cannot see each other's folder lock (two machines): the one started second
 * fences the first on Kafka, whose next announcement fails and which stops (issue 14).
 */
@Tag("integration")
@Timeout(120)
@ExtendWith(EmbeddedStackExtension.class)
class FencingIT {
    @TempDir
    Path dir;

    @Test
    void aTrainerStartedElsewhereOnTheSameExperimentFencesTheFirst(EmbeddedStack stack, TestInfo info)
            throws Exception {
        String topic = TestNames.unique(info);
        stack.broker().createTopic(topic, 2, Map.of());
        Interactions.produce(stack, topic, 2, Interactions.encode(stack, topic, Interactions.generate(64, 10)), 64,
                false);
        Map<String, String> first = settings(stack, topic, dir.resolve("machine-a"));
        Map<String, String> second = settings(stack, topic, dir.resolve("machine-b"));

        try (var a = TrainerService.start(TrainerSettings.toConfig(first), TrainerListener.NONE)) {
            awaitCheckpoint(dir.resolve("machine-a/fenced"));
            CountDownLatch bCheckpointed = new CountDownLatch(1);
            try (var b = TrainerService.start(TrainerSettings.toConfig(second), new TrainerListener() {
                @Override public void checkpointed(CheckpointWritten c) {
                    bCheckpointed.countDown();
                }
            })) {
                assertThat(bCheckpointed.await(60, TimeUnit.SECONDS)).isTrue();
                Interactions.produce(stack, topic, 2, Interactions.encode(stack, topic,
                        Interactions.generate(64, 11)), 64, false);   // both train on; A's next event is fenced

                assertThat(a.awaitTermination(Duration.ofSeconds(60))).contains(TrainerService.Outcome.FAILED);
                assertThat(a.failure()).get().isInstanceOf(CheckpointEvents.FencedException.class)
                        .extracting(Throwable::getMessage).asString()
                        .startsWith("another trainer of experiment fenced has started");
                assertThat(b.failure()).isEmpty();
            }
        }
    }

    private Map<String, String> settings(EmbeddedStack stack, String topic, Path machine) {
        Map<String, String> s = TrainerSettingsFixture.tiny(stack, topic, "fenced", machine, dir.resolve("store"),
                TinyBackbone.store(dir.resolve("store")));
        s.put("trainer.checkpoint.every.steps", "2");
        return s;
    }

    private static void awaitCheckpoint(Path folder) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (java.nio.file.Files.isDirectory(folder.resolve("step-000000000002"))) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        throw new AssertionError("no checkpoint in " + folder);
    }
}
