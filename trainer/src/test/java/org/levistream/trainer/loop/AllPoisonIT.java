package org.levistream.trainer.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
import org.levistream.trainer.config.TrainerSettings;
import org.levistream.trainer.testing.Interactions;
import org.levistream.trainer.testing.TinyBackbone;
import org.levistream.trainer.testing.Topics;
import org.levistream.trainer.testing.TrainerSettingsFixture;

/**
 * A trainer whose every record is poison fails and says why, instead of reporting success after training nothing
 * (it once dead-lettered all 53,940 records of the image topic and exited 0 at step 0; issue 14).
 */
@Tag("integration")
@Timeout(120)
@ExtendWith(EmbeddedStackExtension.class)
class AllPoisonIT {
    @TempDir
    Path dir;

    @Test
    void aBoundedRunOfNothingButPoisonFailsNamingTheTopics(EmbeddedStack stack, TestInfo info) throws Exception {
        String topic = TestNames.unique(info);
        stack.broker().createTopic(topic, 2, Map.of());
        List<byte[]> garbage = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            garbage.add(new byte[] {7, 1, 2, 3});   // not Confluent's wire format
        }
        Interactions.produce(stack, topic, 2, garbage, 40, false);
        Map<String, String> settings = TrainerSettingsFixture.tiny(stack, topic, "poison", dir.resolve("ckpt"),
                dir.resolve("store"), TinyBackbone.store(dir.resolve("store")));
        settings.put("trainer.end", "end");

        try (var trainer = TrainerService.start(TrainerSettings.toConfig(settings), TrainerListener.NONE)) {
            assertThat(trainer.awaitTermination(Duration.ofSeconds(90))).contains(TrainerService.Outcome.FAILED);
            assertThat(trainer.failure()).get().extracting(Throwable::getMessage).asString()
                    .startsWith("every one of the 40 records read from [" + topic + "] was dead-lettered to "
                            + topic + ".deadletter and none was trained on");
        }
        assertThat(Topics.read(stack, topic + ".deadletter", 40)).hasSize(40);
    }
}
