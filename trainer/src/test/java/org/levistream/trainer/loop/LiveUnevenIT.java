package org.levistream.trainer.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
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
import org.levistream.trainer.testing.Interactions;
import org.levistream.trainer.testing.TinyBackbone;
import org.levistream.trainer.testing.TrainerSettingsFixture;

/**
 * A live trainer over uneven partitions trains at the rate its data arrives: a partition at its end offset is passed
 * over at once, not after {@code trainer.idle.skip}. Live topics are uneven as a rule; before, a live trainer on
 * MovieLens stalled to 2 records/s once one partition ran dry (issue 14).
 */
@Tag("integration")
@Timeout(120)
@ExtendWith(EmbeddedStackExtension.class)
class LiveUnevenIT {
    @TempDir
    Path dir;

    @Test
    void passesOverAnEmptyPartitionAtOnceAndSaysWhenItWaitsForData(EmbeddedStack stack, TestInfo info)
            throws Exception {
        String topic = TestNames.unique(info);
        stack.broker().createTopic(topic, 3, Map.of());
        // 320 records over partitions 0 and 1 only; partition 2 stays empty for the whole run.
        Interactions.produce(stack, topic, 2, Interactions.encode(stack, topic, Interactions.generate(320, 5)), 80,
                false);
        Map<String, String> settings = TrainerSettingsFixture.tiny(stack, topic, "uneven", dir.resolve("ckpt"),
                dir.resolve("store"), TinyBackbone.store(dir.resolve("store")));
        settings.put("trainer.idle.skip", "60s");   // a wait per turn of the empty partition would stall the run
        AtomicLong records = new AtomicLong();
        List<String> waits = new CopyOnWriteArrayList<>();
        TrainerListener listener = new TrainerListener() {
            @Override public void stepped(Progress progress) {
                records.set(progress.records());
            }

            @Override public void waiting(String what) {
                waits.add(what);
            }
        };

        long start = System.nanoTime();
        try (var trainer = TrainerService.start(TrainerSettings.toConfig(settings), listener)) {
            boolean trainedAll = within(Duration.ofSeconds(45), () -> records.get() == 320);
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
            assertThat(trainedAll).as("all 320 records trained within 45 s (took %d s so far)", seconds).isTrue();
            assertThat(within(Duration.ofSeconds(20), () -> waits.stream().anyMatch(w -> w.startsWith(
                    "waiting for data: every input partition is at its end offset")))).isTrue();
            assertThat(trainer.failure()).isEmpty();
        }
    }

    private static boolean within(Duration limit, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        return condition.getAsBoolean();
    }
}
