package org.levistream.schemas.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.levistream.schemas.serde.internal.Utf8CheckingDecoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.levistream.schemas.GeneratedRecords;
import org.levistream.schemas.avro.Interaction;
import org.levistream.schemas.domain.InteractionDecoder.MalformedInteractionException;

@Timeout(60)
class InteractionDecoderTest {
    private final InteractionDecoder decoder = new InteractionDecoder();

    @BeforeAll
    static void trustGeneratedClasses() {
        GeneratedRecords.trust();
    }

    @Test
    void readsTheSchemaOfTheGeneratedInteractionOnly() {
        assertThat(InteractionDecoder.reads(Interaction.getClassSchema())).isTrue();
        assertThat(InteractionDecoder.reads(org.levistream.schemas.avro.ImageRecord.getClassSchema())).isFalse();
    }

    @Test
    void readsWhatAvrosReaderAndFromAvroMakeOfTheBytes() throws IOException {
        var random = new SplittableRandom(5);
        for (int k = 0; k < 5_000; k++) {
            byte[] bytes = InteractionEncoderTest.avroBytes(InteractionEncoderTest.randomEvent(random));
            byte[] framed = new byte[bytes.length + 7];
            System.arraycopy(bytes, 0, framed, 5, bytes.length);

            assertThat(decoder.decode(framed, 5, bytes.length)).isEqualTo(avroReads(bytes));
        }
    }

    /**
     * A genre list read before, byte for byte, comes back as the same list; lists that share a slot of the decoder's
     * memory (3,000 distinct ones in 1,024 slots) never come back as each other.
     */
    @Test
    void givesBackTheListItReadForTheSameBytesAndNeverAnother() throws IOException {
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            records.add(InteractionEncoderTest.avroBytes(InteractionEvent.builder("u" + i, "i", 3f, Instant.EPOCH)
                    .genres(List.of("Drama", "genre " + i)).build()));
        }
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < records.size(); i++) {
                byte[] bytes = records.get(i);
                assertThat(decoder.decode(bytes, 0, bytes.length).genres()).containsExactly("Drama", "genre " + i);
            }
        }
        byte[] drama = InteractionEncoderTest.avroBytes(InteractionEvent.builder("a", "x", 1f, Instant.EPOCH)
                .genres(List.of("Drama", "Comedy")).build());
        byte[] sameList = InteractionEncoderTest.avroBytes(InteractionEvent.builder("b", "y", 5f, Instant.EPOCH)
                .genres(List.of("Drama", "Comedy")).build());
        assertThat(decoder.decode(sameList, 0, sameList.length).genres())
                .isSameAs(decoder.decode(drama, 0, drama.length).genres());
    }

    /** Avro's blocking encoder writes negative block counts followed by block sizes; both readers skip the sizes. */
    @Test
    void readsBlocksWithNegativeCounts() throws IOException {
        List<String> genres = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            genres.add("genre " + i);
        }
        InteractionEvent event = InteractionEvent.builder("u", "i", 4f, Instant.ofEpochMilli(1_000))
                .genres(genres).context(Map.of("device", "tv", "hour", "21")).build();
        var out = new ByteArrayOutputStream();
        BinaryEncoder blocking = EncoderFactory.get().blockingBinaryEncoder(out, null);
        new SpecificDatumWriter<Interaction>(Interaction.getClassSchema()).write(AvroMapping.toAvro(event), blocking);
        blocking.flush();
        byte[] bytes = out.toByteArray();

        assertThat(bytes).isNotEqualTo(InteractionEncoderTest.avroBytes(event));   // the blocks are really different
        assertThat(decoder.decode(bytes, 0, bytes.length)).isEqualTo(avroReads(bytes)).isEqualTo(event);
    }

    /**
     * Damaged bytes: whatever the fast path reads, Avro's reader reads the same; what it refuses, the caller hands to
     * Avro's reader, so nothing poison becomes trainable and nothing trainable becomes poison.
     */
    @Test
    void neverReadsDamagedBytesDifferentlyFromAvro() throws IOException {
        var random = new SplittableRandom(17);
        int readFast = 0;
        for (int k = 0; k < 20_000; k++) {
            byte[] bytes = damage(InteractionEncoderTest.avroBytes(InteractionEncoderTest.randomEvent(random)), random);
            Object avro = outcome(() -> avroReads(bytes));
            Object fast;
            try {
                fast = decoder.decode(bytes, 0, bytes.length);
                readFast++;
            } catch (MalformedInteractionException e) {
                continue;   // Avro's reader decides
            } catch (IllegalArgumentException e) {
                fast = IllegalArgumentException.class;
            }
            assertThat(fast).as("bytes %s", Arrays.toString(bytes)).isEqualTo(avro);
        }
        assertThat(readFast).as("damaged records the fast path read").isGreaterThan(1_000);
    }

    @Test
    void refusesTruncatedBytesAndBoundsOutsideTheArray() throws IOException {
        byte[] bytes = InteractionEncoderTest.avroBytes(InteractionEvent.builder("u", "i", 4f, Instant.EPOCH).build());

        assertThatThrownBy(() -> decoder.decode(bytes, 0, bytes.length - 1))
                .isInstanceOf(MalformedInteractionException.class).hasMessageContaining("ends early");
        assertThatThrownBy(() -> decoder.decode(bytes, 2, bytes.length))
                .isInstanceOf(MalformedInteractionException.class).hasMessageContaining("do not fit");
    }

    @Test
    void refusesAUserIdWithMalformedUtf8() throws IOException {
        byte[] bytes = InteractionEncoderTest.avroBytes(InteractionEvent.builder("u\u00e9", "i", 4f, Instant.EPOCH)
                .build());
        bytes[3] = 0x28;   // the user id is bytes 1..3: 'u', 0xC3, 0xA9; 0xC3 0x28 is never UTF-8

        assertThatThrownBy(() -> decoder.decode(bytes, 0, bytes.length))
                .isInstanceOf(MalformedInteractionException.class)
                .hasMessage("a string of 3 bytes is not valid UTF-8 (a malformed sequence at byte 1)");
        assertThatThrownBy(() -> avroReads(bytes)).hasMessageContaining("is not valid UTF-8");
    }

    private static byte[] damage(byte[] bytes, SplittableRandom random) {
        byte[] damaged = bytes.clone();
        switch (random.nextInt(4)) {
            case 0 -> damaged[random.nextInt(damaged.length)] ^= (byte) (1 << random.nextInt(8));
            case 1 -> damaged[random.nextInt(damaged.length)] = (byte) random.nextInt(256);
            case 2 -> damaged = Arrays.copyOf(damaged, random.nextInt(damaged.length));
            default -> {
                damaged = Arrays.copyOf(damaged, damaged.length + 3);
                damaged[damaged.length - 1] = (byte) random.nextInt(256);
            }
        }
        return damaged;
    }

    private interface Read {
        InteractionEvent read() throws Exception;
    }

    /** The event, {@code IllegalArgumentException.class} for a broken invariant, or the failure's class. */
    private static Object outcome(Read read) {
        try {
            return read.read();
        } catch (IllegalArgumentException e) {
            return IllegalArgumentException.class;
        } catch (Exception | Error e) {
            return e.getClass();
        }
    }

    private static InteractionEvent avroReads(byte[] bytes) throws IOException {
        var reader = new SpecificDatumReader<Interaction>(Interaction.getClassSchema());
        // As the deserializer reads them: strings with malformed UTF-8 refused, not replaced.
        return AvroMapping.fromAvro(reader.read(null,
                new Utf8CheckingDecoder(DecoderFactory.get().binaryDecoder(bytes, null))));
    }
}
