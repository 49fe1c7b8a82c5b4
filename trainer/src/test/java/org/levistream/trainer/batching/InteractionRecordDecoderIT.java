package org.levistream.trainer.batching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.levistream.embedded.junit.EmbeddedStackExtension;
import org.levistream.embedded.stack.EmbeddedStack;
import org.levistream.schemas.domain.InteractionEvent;
import org.levistream.schemas.registry.SchemaRegistryClient;
import org.levistream.trainer.testing.Interactions;

/**
 * The decoder against the real registry: records of a known schema id take the fast path and read exactly what the
 * deserializer reads; damaged records of that id, and broken invariants, are still poison with the same reasons.
 */
@Tag("integration")
@Timeout(60)
@ExtendWith(EmbeddedStackExtension.class)
class InteractionRecordDecoderIT {

    @Test
    void readsEveryRecordAsTheDeserializerDoesAndPoisonStaysPoison(EmbeddedStack stack) throws Exception {
        String topic = "decoder-it";
        List<InteractionEvent> events = Interactions.generate(200, 9);
        List<byte[]> values = Interactions.encode(stack, topic, events);
        try (SchemaRegistryClient registry = Interactions.registry(stack)) {
            var decoder = new InteractionRecordDecoder(registry);
            for (int i = 0; i < values.size(); i++) {
                var f = decoder.decode(record(topic, i, values.get(i)));

                assertThat(f.event()).isEqualTo(events.get(i));
                assertThat(f.schemaId()).isPositive();
                assertThat(f.offset()).isEqualTo(i);
            }
            byte[] truncated = Arrays.copyOf(values.get(0), values.get(0).length - 3);
            assertThatThrownBy(() -> decoder.decode(record(topic, 500, truncated)))
                    .isInstanceOfSatisfying(PoisonRecordException.class,
                            e -> assertThat(e.reason()).isEqualTo(PoisonRecordException.DECODE));
            byte[] nanRating = Interactions.encode(stack, topic, List.of(
                    InteractionEvent.builder("u", "i", 3f, Instant.EPOCH).build())).get(0);
            int ratingAt = 5 + 2 + 2;   // header, then "u" and "i" (a length byte and a char each)
            Arrays.fill(nanRating, ratingAt, ratingAt + 4, (byte) 0xFF);   // a NaN's bits
            assertThatThrownBy(() -> decoder.decode(record(topic, 501, nanRating)))
                    .isInstanceOfSatisfying(PoisonRecordException.class,
                            e -> assertThat(e.reason()).isEqualTo(PoisonRecordException.INVALID_RECORD));
        }
    }

    private static ConsumerRecord<byte[], byte[]> record(String topic, long offset, byte[] value) {
        return new ConsumerRecord<>(topic, 0, offset, null, value);
    }
}
