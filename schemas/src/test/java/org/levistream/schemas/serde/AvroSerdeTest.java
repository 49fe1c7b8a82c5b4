package org.levistream.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.levistream.common.config.InvalidConfigException;
import org.levistream.schemas.avro.ImageRecord;
import org.levistream.schemas.avro.Interaction;
import org.levistream.schemas.registry.InMemorySchemaRegistryClient;

/** The serde's framing, reader choice and failures, against an in-memory registry. */
@Timeout(30)
class AvroSerdeTest {
    private static final String TOPIC = "levi.interactions";

    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    private final AvroSerializer<Object> serializer = new AvroSerializer<>(registry, AvroSerdeConfig.defaults(), false);

    @Test
    void framesWithMagicByteAndRegisteredIdThenPlainAvro() throws Exception {
        Interaction interaction = Fixtures.interaction("u1");

        byte[] bytes = serializer.serialize(TOPIC, interaction);

        int id = registry.getLatest(TOPIC + "-value").id();
        assertThat(bytes[0]).isEqualTo(WireFormat.MAGIC_BYTE);
        assertThat(WireFormat.readSchemaId(bytes, 0)).isEqualTo(id);
        assertThat(Arrays.copyOfRange(bytes, WireFormat.HEADER_SIZE, bytes.length)).isEqualTo(rawAvro(interaction));
    }

    @Test
    void roundTripsEveryGeneratedRecord() {
        var reader = new AvroDeserializer<Object>(registry, AvroSerdeConfig.defaults().withSpecificAvroReader(true), false);
        List<SpecificRecord> records = List.of(Fixtures.interaction("u1"), Fixtures.bareInteraction("u2"),
                Fixtures.image(), Fixtures.checkpoint(), Fixtures.metric(), Fixtures.alert());

        for (SpecificRecord record : records) {
            String topic = "t." + record.getSchema().getName();
            assertThat(reader.deserialize(topic, serializer.serialize(topic, record))).isEqualTo(record);
        }
    }

    @Test
    void readsGenericRecordsByDefault() {
        var reader = AvroDeserializer.generic(registry, false);

        GenericRecord read = reader.deserialize(TOPIC, serializer.serialize(TOPIC, Fixtures.interaction("u1")));

        assertThat(read.getSchema()).isEqualTo(Interaction.getClassSchema());
        assertThat(read.get("userId")).hasToString("u1");
        assertThat(read.get("eventTime")).isEqualTo(Fixtures.T0.toEpochMilli());
        // Written back as generic, it reads as the same specific record (map order may differ on the wire).
        assertThat(AvroDeserializer.specific(Interaction.class, registry, false)
                .deserialize(TOPIC, serializer.serialize(TOPIC, read))).isEqualTo(Fixtures.interaction("u1"));
    }

    @Test
    void readsOldBytesWithTheNewerGeneratedClass() {
        byte[] old = serializer.serialize(TOPIC, Fixtures.interactionV0Record("u1"));

        Interaction read = AvroDeserializer.specific(Interaction.class, registry, false).deserialize(TOPIC, old);

        assertThat(read.getUserId()).isEqualTo("u1");
        assertThat(read.getItemTitle()).isEqualTo("Alien (1979)");
        assertThat(read.getReleaseYear()).isNull();
        assertThat(read.getContext()).isEmpty();
        assertThat(read.getEventTime()).isEqualTo(Fixtures.T0);
    }

    @Test
    void refusesAWriterSchemaTheReaderClassCannotRead() {
        byte[] image = serializer.serialize("levi.images", Fixtures.image());

        assertThatThrownBy(() -> AvroDeserializer.specific(Interaction.class, registry, false).deserialize("levi.images", image))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic 'levi.images'")
                .hasMessageContaining("cannot be read as org.levistream.schemas.avro.Interaction");
    }

    @Test
    void usesTheSameIdForTheSameSchemaUnderTwoSubjects() {
        byte[] a = serializer.serialize("topic-a", Fixtures.interaction("u"));
        byte[] b = serializer.serialize("topic-b", Fixtures.interaction("u"));

        assertThat(WireFormat.readSchemaId(a, 0)).isEqualTo(WireFormat.readSchemaId(b, 0));
        assertThat(registry.subjects()).containsExactly("topic-a-value", "topic-b-value");
    }

    @Test
    void keysUseTheKeySubject() {
        var keys = new AvroSerializer<Object>(registry, AvroSerdeConfig.defaults(), true);
        keys.serialize(TOPIC, Fixtures.interaction("u"));

        assertThat(registry.subjects()).containsExactly(TOPIC + "-key");
    }

    @Test
    void recordNameStrategyRegistersUnderTheFullName() {
        var config = AvroSerdeConfig.defaults().withSubjectNameStrategy(new RecordNameStrategy());
        new AvroSerializer<Object>(registry, config, false).serialize(TOPIC, Fixtures.image());

        assertThat(registry.subjects()).containsExactly("org.levistream.schemas.avro.ImageRecord");
    }

    @Test
    void withoutAutoRegisterOnlyUsesSchemasAlreadyThere() {
        var lookupOnly = new AvroSerializer<Object>(registry, AvroSerdeConfig.defaults().withAutoRegisterSchemas(false), false);

        assertThatThrownBy(() -> lookupOnly.serialize(TOPIC, Fixtures.interaction("u")))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("looking up schema org.levistream.schemas.avro.Interaction under subject"
                        + " 'levi.interactions-value' failed");

        int id = registry.register(TOPIC + "-value", Interaction.getClassSchema());
        assertThat(WireFormat.readSchemaId(lookupOnly.serialize(TOPIC, Fixtures.interaction("u")), 0)).isEqualTo(id);
    }

    @Test
    void useLatestVersionTagsWithTheLatestIdOnlyWhenTheEncodingMatches() {
        int v0 = registry.register(TOPIC + "-value", Fixtures.interactionV0());
        var latest = new AvroSerializer<Object>(registry, AvroSerdeConfig.defaults().withUseLatestVersion(true), false);

        assertThat(WireFormat.readSchemaId(latest.serialize(TOPIC, Fixtures.interactionV0Record("u")), 0)).isEqualTo(v0);
        assertThatThrownBy(() -> latest.serialize(TOPIC, Fixtures.interaction("u")))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("use.latest.version is set, but the latest schema of subject 'levi.interactions-value'");
    }

    @Test
    void refusesPlainValuesAndKeepsNullsAsTombstones() {
        assertThatThrownBy(() -> serializer.serialize(TOPIC, "just a string"))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic 'levi.interactions'")
                .hasMessageContaining("not java.lang.String");
        assertThat(serializer.serialize(TOPIC, null)).isNull();
        assertThat(AvroDeserializer.generic(registry, false).deserialize(TOPIC, (byte[]) null)).isNull();
    }

    @Test
    void reportsARecordThatDoesNotFitItsSchema() {
        Interaction broken = Fixtures.interaction("u");
        broken.setUserId(null);

        assertThatThrownBy(() -> serializer.serialize(TOPIC, broken))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Cannot serialize value for topic 'levi.interactions'");
        // The failed record leaves nothing behind in the thread's buffer.
        byte[] next = serializer.serialize(TOPIC, Fixtures.interaction("v"));
        assertThat(AvroDeserializer.specific(Interaction.class, registry, false).deserialize(TOPIC, next))
                .isEqualTo(Fixtures.interaction("v"));
    }

    @Test
    void readsFromAByteBufferSliceAndADirectBuffer() {
        byte[] bytes = serializer.serialize(TOPIC, Fixtures.interaction("u"));
        byte[] padded = new byte[bytes.length + 7];
        System.arraycopy(bytes, 0, padded, 3, bytes.length);
        ByteBuffer slice = ByteBuffer.wrap(padded, 3, bytes.length).slice();
        ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
        var reader = AvroDeserializer.specific(Interaction.class, registry, false);

        assertThat(reader.deserialize(TOPIC, new RecordHeaders(), slice)).isEqualTo(Fixtures.interaction("u"));
        assertThat(reader.deserialize(TOPIC, new RecordHeaders(), direct)).isEqualTo(Fixtures.interaction("u"));
        assertThat(direct.remaining()).isEqualTo(bytes.length);
    }

    @Test
    void serializesFromManyThreadsAtOnce() throws Exception {
        var reader = AvroDeserializer.specific(Interaction.class, registry, false);
        var pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Boolean>> jobs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                String user = "user-" + t;
                jobs.add(() -> {
                    for (int i = 0; i < 500; i++) {
                        Interaction in = Fixtures.interaction(user + "-" + i);
                        if (!in.equals(reader.deserialize(TOPIC, serializer.serialize(TOPIC, in)))) {
                            return false;
                        }
                    }
                    return true;
                });
            }
            for (Future<Boolean> result : pool.invokeAll(jobs)) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void serdeSharesTheClientBetweenItsHalves() {
        var serde = AvroSerde.specific(ImageRecord.class, registry, AvroSerdeConfig.defaults(), false);

        byte[] bytes = serde.serializer().serialize("levi.images", Fixtures.image());

        assertThat(serde.deserializer().deserialize("levi.images", bytes)).isEqualTo(Fixtures.image());
        serde.close();
        assertThat(registry.subjects()).containsExactly("levi.images-value");   // not closed: the caller owns it
    }

    @Test
    void refusesToWorkUnconfigured() {
        assertThatThrownBy(() -> new AvroSerializer<>().serialize(TOPIC, Fixtures.interaction("u")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not configured");
        assertThatThrownBy(() -> new AvroDeserializer<>().deserialize(TOPIC, new byte[] {0, 0, 0, 0, 1}))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void configureReportsRegistryAndSerdeProblemsTogether() {
        Map<String, Object> bad = Map.of("auto.register.schemas", "maybe",
                "value.subject.name.strategy", "com.example.Nope");

        assertThatThrownBy(() -> new AvroSerializer<>().configure(bad, false))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "auto.register.schemas was 'maybe' but must be true or false",
                        e.problems().get(1),
                        "schema.registry.url is missing but must list at least one http:// or https:// URL"))
                .hasMessageContaining("value.subject.name.strategy was 'com.example.Nope'");
    }

    private static byte[] rawAvro(SpecificRecord record) throws Exception {
        var out = new ByteArrayOutputStream();
        var encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<SpecificRecord>(record.getSchema()).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
