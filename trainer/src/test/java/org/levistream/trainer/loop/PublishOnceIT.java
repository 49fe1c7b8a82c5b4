package org.levistream.trainer.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.levistream.embedded.junit.EmbeddedStackExtension;
import org.levistream.embedded.junit.TestNames;
import org.levistream.embedded.stack.EmbeddedStack;
import org.levistream.schemas.avro.CheckpointEvent;
import org.levistream.schemas.serde.AvroDeserializer;
import org.levistream.trainer.config.TrainerSettings;
import org.levistream.trainer.testing.Interactions;
import org.levistream.trainer.testing.TinyBackbone;
import org.levistream.trainer.testing.Topics;
import org.levistream.trainer.testing.TrainerSettingsFixture;

/**
 * A version is announced once: a resumed trainer sends the event of the checkpoint it resumed from only when the
 * checkpoint topic lacks it (the run that wrote the checkpoint died before its event). Before, every resume sent it
 * again (10 events, 7 distinct versions in one kill test; issue 14).
 */
@Tag("integration")
@Timeout(120)
@ExtendWith(EmbeddedStackExtension.class)
class PublishOnceIT {
    @TempDir
    Path dir;

    @Test
    void aResumedTrainerAnnouncesOnlyTheVersionTheTopicLacks(EmbeddedStack stack, TestInfo info) throws Exception {
        String topic = TestNames.unique(info);
        stack.broker().createTopic(topic, 2, Map.of());
        Interactions.produce(stack, topic, 2, Interactions.encode(stack, topic, Interactions.generate(64, 8)), 64,
                false);
        Map<String, String> settings = TrainerSettingsFixture.tiny(stack, topic, "once", dir.resolve("ckpt"),
                dir.resolve("store"), TinyBackbone.store(dir.resolve("store")));
        settings.put("trainer.end", "end");
        settings.put("trainer.checkpoint.every.steps", "2");   // 64 records, batches of 16: versions 2 and 4
        String events = topic + ".checkpoints";

        runToEnd(settings);
        assertThat(versions(stack, events, 2)).containsExactly(2L, 4L);

        runToEnd(settings);   // resumes from version 4, whose event is on the topic: nothing is sent
        assertThat(versions(stack, events, 2)).containsExactly(2L, 4L);

        settings.put("trainer.checkpoints.topic", topic + ".checkpoints-lost");   // as if the event had been lost
        runToEnd(settings);
        assertThat(versions(stack, topic + ".checkpoints-lost", 1)).containsExactly(4L);
    }

    private static void runToEnd(Map<String, String> settings) throws InterruptedException {
        try (var trainer = TrainerService.start(TrainerSettings.toConfig(settings), TrainerListener.NONE)) {
            assertThat(trainer.awaitTermination(Duration.ofSeconds(90))).contains(TrainerService.Outcome.FINISHED);
        }
    }

    private static List<Long> versions(EmbeddedStack stack, String topic, int atLeast) {
        try (var registry = Interactions.registry(stack)) {
            var deserializer = AvroDeserializer.specific(CheckpointEvent.class, registry, false);
            return Topics.read(stack, topic, atLeast).stream()
                    .map(r -> deserializer.deserialize(topic, r.value()).getVersion()).toList();
        }
    }
}
