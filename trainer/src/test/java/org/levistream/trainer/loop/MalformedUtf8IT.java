package org.levistream.trainer.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.levistream.embedded.junit.EmbeddedStackExtension;
import org.levistream.embedded.junit.TestNames;
import org.levistream.embedded.stack.EmbeddedStack;
import org.levistream.schemas.domain.InteractionEvent;
import org.levistream.trainer.checkpoint.Checkpointer;
import org.levistream.trainer.checkpoint.Retention;
import org.levistream.trainer.config.TrainerSettings;
import org.levistream.trainer.testing.Interactions;
import org.levistream.trainer.testing.TinyBackbone;
import org.levistream.trainer.testing.Topics;
import org.levistream.trainer.testing.TrainerSettingsFixture;

/**
 * A record whose user id is not valid UTF-8 is dead-lettered, not trained on as the id U+FFFD makes of it
 * (issue 14).
 */
@Tag("integration")
@Timeout(120)
@ExtendWith(EmbeddedStackExtension.class)
class MalformedUtf8IT {
    @TempDir
    Path dir;

    @Test
    void aUserIdThatIsNotUtf8IsDeadLetteredWithItsReason(EmbeddedStack stack, TestInfo info) throws Exception {
        String topic = TestNames.unique(info);
        stack.broker().createTopic(topic, 1, Map.of());
        List<InteractionEvent> events = new ArrayList<>(Interactions.generate(32, 12));
        events.set(5, InteractionEvent.builder("u\u00e9", "i1", 3f, events.get(5).eventTime()).build());
        List<byte[]> values = new ArrayList<>(Interactions.encode(stack, topic, events));
        byte[] broken = values.get(5);
        int lead = indexOf(broken, (byte) 0xC3);
        broken[lead + 1] = 0x28;   // 0xC3 0x28 is never UTF-8
        Interactions.produce(stack, topic, 1, values, 32, false);
        Map<String, String> settings = TrainerSettingsFixture.tiny(stack, topic, "utf8", dir.resolve("ckpt"),
                dir.resolve("store"), TinyBackbone.store(dir.resolve("store")));
        settings.put("trainer.end", "end");

        try (var trainer = TrainerService.start(TrainerSettings.toConfig(settings), TrainerListener.NONE)) {
            assertThat(trainer.awaitTermination(Duration.ofSeconds(90))).contains(TrainerService.Outcome.FINISHED);
        }

        List<ConsumerRecord<byte[], byte[]>> dead = Topics.read(stack, topic + ".deadletter", 1);
        assertThat(dead).singleElement().satisfies(r -> {
            assertThat(header(r, "levi.dlq.reason")).isEqualTo("decode");
            assertThat(header(r, "levi.dlq.message")).contains("is not valid UTF-8 (a malformed sequence at byte 1)");
            assertThat(header(r, "levi.dlq.source.offset")).isEqualTo("5");
        });
        var last = new Checkpointer(dir.resolve("ckpt/utf8"), new Retention(1, 0)).load(-1).metadata();
        assertThat(last.poisonRecords()).isEqualTo(1);
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        throw new AssertionError("no byte " + b);
    }
}
