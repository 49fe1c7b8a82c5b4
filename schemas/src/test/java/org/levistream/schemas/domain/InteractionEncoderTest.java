package org.levistream.schemas.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.levistream.schemas.GeneratedRecords;
import org.levistream.schemas.avro.Interaction;

@Timeout(30)
class InteractionEncoderTest {
    private static final byte[] NO_HEADER = {};
    private static final String[] TEXTS = {"", "u", "42", "Amélie", "日本語のタイトル", "emoji \uD83C\uDFAC", "lone \uD800",
        "x".repeat(300), "tab\tand\nnewline"};

    @BeforeAll
    static void trustGeneratedClasses() {
        GeneratedRecords.trust();
    }

    @Test
    void writesTheSchemaOfTheGeneratedInteraction() {
        assertThat(InteractionEncoder.writes(Interaction.getClassSchema())).isTrue();
    }

    @Test
    void refusesASchemaThatHasChanged() {
        Schema evolved = SchemaBuilder.record("Interaction").namespace("org.levistream.schemas.avro").fields()
                .requiredString("userId").requiredString("itemId").requiredFloat("rating")
                .name("eventTime").type(timestampMillis()).noDefault()
                .optionalString("itemTitle").name("genres").type().array().items().stringType().noDefault()
                .optionalInt("releaseYear").optionalString("reviewText")
                .name("context").type().map().values().stringType().noDefault()
                .optionalString("device")                                  // a new field
                .endRecord();
        Schema micros = new Schema.Parser().parse(Interaction.getClassSchema().toString()
                .replace("timestamp-millis", "timestamp-micros"));

        assertThat(InteractionEncoder.writes(evolved)).isFalse();
        assertThat(InteractionEncoder.writes(micros)).isFalse();
    }

    @Test
    void writesByteForByteWhatAvrosWriterWritesForTheBean() throws IOException {
        var random = new SplittableRandom(3);
        var encoder = new InteractionEncoder();
        for (int k = 0; k < 5_000; k++) {
            InteractionEvent event = randomEvent(random);

            assertThat(encoder.encode(NO_HEADER, event)).as(event.toString()).isEqualTo(avroBytes(event));
        }
    }

    @Test
    void writesTheHeaderFirstAndAFreshArrayEachTime() throws IOException {
        var encoder = new InteractionEncoder();
        var event = InteractionEvent.builder("7", "1193", 4.5f, Instant.ofEpochMilli(978_300_760_123L))
                .genres(List.of("Drama")).build();
        byte[] header = {0, 0, 0, 0, 42};

        byte[] first = encoder.encode(header, event);
        byte[] second = encoder.encode(header, event);

        assertThat(Arrays.copyOf(first, 5)).isEqualTo(header);
        assertThat(Arrays.copyOfRange(first, 5, first.length)).isEqualTo(avroBytes(event));
        assertThat(second).isEqualTo(first).isNotSameAs(first);
    }

    static InteractionEvent randomEvent(SplittableRandom random) {
        float[] ratings = {0.5f, 1f, 3.5f, 4.25f, 5f, Math.nextUp(0.5f)};
        long[] millis = {0, 1, -1, 978_300_760_123L, -62_135_596_800_000L, 253_402_300_799_999L, Long.MAX_VALUE / 2};
        var event = InteractionEvent.builder(nonBlank(random), nonBlank(random), ratings[random.nextInt(ratings.length)],
                Instant.ofEpochMilli(millis[random.nextInt(millis.length)]));
        if (random.nextBoolean()) {
            event.title(text(random));
        }
        List<String> genres = new ArrayList<>();
        for (int n = random.nextInt(4); n > 0; n--) {
            genres.add(nonBlank(random));
        }
        event.genres(random.nextInt(10) == 0 ? bigList(random) : genres);
        if (random.nextBoolean()) {
            int[] years = {1995, 0, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, 63, 64, 8191, 8192};
            event.releaseYear(years[random.nextInt(years.length)]);
        }
        if (random.nextBoolean()) {
            event.reviewText(text(random));
        }
        Map<String, String> context = new LinkedHashMap<>();
        for (int n = random.nextInt(3); n > 0; n--) {
            context.put(text(random) + n, text(random));
        }
        return event.context(context).build();
    }

    /** More items than one varint byte counts, so that the block count takes two. */
    private static List<String> bigList(SplittableRandom random) {
        List<String> items = new ArrayList<>();
        for (int n = 0; n < 70; n++) {
            items.add("g" + random.nextInt(1000));
        }
        return items;
    }

    private static String text(SplittableRandom random) {
        return TEXTS[random.nextInt(TEXTS.length)];
    }

    private static String nonBlank(SplittableRandom random) {
        String s = text(random);
        return s.isBlank() ? "id" : s;
    }

    static byte[] avroBytes(InteractionEvent event) throws IOException {
        var out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<Interaction>(Interaction.getClassSchema()).write(AvroMapping.toAvro(event), encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static Schema timestampMillis() {
        return org.apache.avro.LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG));
    }
}
