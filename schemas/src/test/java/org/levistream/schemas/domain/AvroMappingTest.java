package org.levistream.schemas.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.levistream.schemas.GeneratedRecords;
import org.levistream.schemas.avro.ImageEncoding;
import org.levistream.schemas.avro.ImageRecord;
import org.levistream.schemas.avro.Interaction;

@Timeout(10)
class AvroMappingTest {
    private static final Instant T = Instant.parse("2009-06-01T08:30:00.250Z");

    @BeforeAll
    static void trustGeneratedClasses() {
        GeneratedRecords.trust();
    }

    @Test
    void interactionSurvivesAvroBinaryRoundTrip() throws IOException {
        var event = InteractionEvent.builder("42", "1193", 3.5f, T).title("One Flew Over the Cuckoo's Nest")
                .genres(List.of("Drama")).releaseYear(1975).reviewText("classic").context("summary", "great").build();

        ByteBuffer wire = AvroMapping.toAvro(event).toByteBuffer();

        assertThat(AvroMapping.fromAvro(Interaction.fromByteBuffer(wire))).isEqualTo(event);
    }

    @Test
    void interactionWithoutOptionalFieldsRoundTripsToAbsentValues() throws IOException {
        var event = InteractionEvent.builder("u", "i", 5f, T).build();

        var back = AvroMapping.fromAvro(Interaction.fromByteBuffer(AvroMapping.toAvro(event).toByteBuffer()));

        assertThat(back).isEqualTo(event);
        assertThat(back.title()).isEmpty();
        assertThat(back.releaseYear()).isEmpty();
        assertThat(back.genres()).isEmpty();
    }

    @Test
    void imageSurvivesAvroBinaryRoundTrip() throws IOException {
        var image = ImageEvent.grey("mnist:train:7", 9, 2, 3, new byte[] {0, 1, 2, (byte) 253, (byte) 254, (byte) 255},
                "mnist", T);

        ByteBuffer wire = AvroMapping.toAvro(image).toByteBuffer();

        assertThat(AvroMapping.fromAvro(ImageRecord.fromByteBuffer(wire))).isEqualTo(image);
    }

    @Test
    void fromAvroRejectsAValueThatBreaksAnInvariant() {
        var nan = AvroMapping.toAvro(InteractionEvent.builder("u", "i", 3f, T).build());
        nan.setRating(Float.NaN);
        var wrongSize = AvroMapping.toAvro(ImageEvent.grey("a", 1, 2, 2, new byte[4], "d", T));
        wrongSize.setHeight(3);

        assertThatThrownBy(() -> AvroMapping.fromAvro(nan)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rating was NaN");
        assertThatThrownBy(() -> AvroMapping.fromAvro(wrongSize)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be height * width * channels = 6");
    }

    @Test
    void readsNullAvroCollectionsAsEmpty() {
        var bean = new Interaction("u", "i", 2f, T, null, null, null, null, null);

        assertThat(AvroMapping.fromAvro(bean).genres()).isEmpty();
        assertThat(AvroMapping.fromAvro(bean).context()).isEmpty();
    }

    @Test
    void mapsEveryEncodingBothWays() {
        assertThat(ImageEvent.Encoding.values()).extracting(Enum::name)
                .containsExactly(java.util.Arrays.stream(ImageEncoding.values()).map(Enum::name).toArray(String[]::new));
    }
}
