package org.levistream.schemas.serde;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;

import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.levistream.schemas.avro.Interaction;
import org.levistream.schemas.registry.InMemorySchemaRegistryClient;
import org.levistream.schemas.registry.SchemaRegistryException;

/** Every kind of undecodable payload is a SerializationException that says what was wrong and where. */
@Timeout(10)
class BadBytesTest {
    private static final String TOPIC = "levi.interactions";

    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    private final AvroDeserializer<Interaction> reader = AvroDeserializer.specific(Interaction.class, registry, false);
    private final byte[] good = new AvroSerializer<Interaction>(registry, AvroSerdeConfig.defaults(), false)
            .serialize(TOPIC, Fixtures.interaction("u1"));

    @Test
    void wrongMagicByte() {
        byte[] bytes = good.clone();
        bytes[0] = 7;

        assertThatThrownBy(() -> reader.deserialize(TOPIC, bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessage("Cannot deserialize value of topic 'levi.interactions': unknown magic byte 0x07;"
                        + " Confluent's wire format starts with 0x00");
    }

    @Test
    void shorterThanTheHeader() {
        assertThatThrownBy(() -> reader.deserialize(TOPIC, new byte[] {0, 0, 1}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic 'levi.interactions'")
                .hasMessageContaining("the payload is 3 byte(s), shorter than Confluent's 5-byte header");
    }

    @Test
    void unknownSchemaId() {
        byte[] bytes = good.clone();
        WireFormat.writeHeader(bytes, 999);

        assertThatThrownBy(() -> reader.deserialize(TOPIC, bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic 'levi.interactions'")
                .hasMessageContaining("schema id 999 is unknown to the registry")
                .hasCauseInstanceOf(SchemaRegistryException.class);
    }

    @Test
    void truncatedPayload() {
        byte[] bytes = Arrays.copyOf(good, WireFormat.HEADER_SIZE + 3);

        assertThatThrownBy(() -> reader.deserialize(TOPIC, bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic 'levi.interactions'")
                .hasMessageContaining("the payload is truncated: 8 bytes end before a whole record of schema id");
    }

    @Test
    void malformedPayload() {
        byte[] bytes = good.clone();
        bytes[WireFormat.HEADER_SIZE] = 0x01;   // zig-zag -1: a negative string length

        assertThatThrownBy(() -> reader.deserialize(TOPIC, bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic 'levi.interactions'")
                .hasMessageContaining("the payload is not valid Avro for schema id");
    }

    @Test
    void malformedUtf8InAStringIsRefusedNotReplaced() {
        byte[] bytes = new AvroSerializer<Interaction>(registry, AvroSerdeConfig.defaults(), false)
                .serialize(TOPIC, Fixtures.interaction("u\u00e9"));
        int e = indexOf(bytes, (byte) 0xC3);
        bytes[e + 1] = 0x28;   // 0xC3 0x28: a lead byte followed by an ASCII byte, never valid UTF-8

        assertThatThrownBy(() -> reader.deserialize(TOPIC, bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic 'levi.interactions'")
                .hasMessageContaining("a string of 3 bytes is not valid UTF-8 (a malformed sequence at byte 1)");
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
