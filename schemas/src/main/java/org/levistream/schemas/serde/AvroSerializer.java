package org.levistream.schemas.serde;

import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;
import org.levistream.schemas.GeneratedRecords;
import org.levistream.schemas.registry.RegisteredSchema;
import org.levistream.schemas.registry.SchemaRegistryClient;
import org.levistream.schemas.serde.internal.ByteSink;

/**
 * Writes Avro records (generated {@link SpecificRecord}s or {@link org.apache.avro.generic.GenericRecord}s) in
 * Confluent's wire format, registering or looking up the record's schema under the subject its
 * {@link SubjectNameStrategy} names.
 *
 * <p>Two ways to make one. Kafka's: name the class in {@code value.serializer} with Confluent's keys in the same
 * config; Kafka calls {@link #configure(Map, boolean)}, and the serializer owns (and closes) its registry client.
 * Ours: {@code new AvroSerializer<>(client, config, isKey)} is ready at once, because Kafka does not configure
 * instances passed to a client's constructor; the caller owns the client.
 *
 * <p>Thread-safe (a producer calls it from every sending thread). The hot path is one cache hit for the schema id,
 * a reused encoder and buffer per thread, and one array copy; {@code null} stays {@code null} (a tombstone).
 *
 * @param <T> the record type
 */
public class AvroSerializer<T> implements Serializer<T> {
    private static final ThreadLocal<Encoding> ENCODING = ThreadLocal.withInitial(Encoding::new);

    /** A thread's reusable buffer and encoder. */
    private static final class Encoding {
        final ByteSink sink = new ByteSink(256);
        final BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(sink, null);
    }

    /** What to write a (topic, schema) with: the registry id and a writer for the record's own schema. */
    private record Writer(String topic, Schema schema, int id, DatumWriter<Object> datumWriter) {
    }

    private record WriterKey(String topic, Schema schema) {
    }

    private final ConcurrentHashMap<WriterKey, Writer> writers = new ConcurrentHashMap<>();
    private volatile Writer lastWriter;
    private SchemaRegistryClient client;
    private AvroSerdeConfig config;
    private boolean isKey;
    private boolean ownsClient;

    /** For Kafka: unusable until {@link #configure(Map, boolean)}. */
    public AvroSerializer() {
        GeneratedRecords.trust();
    }

    /**
     * Ready to use; {@link #configure(Map, boolean)} is then ignored.
     *
     * @param client the registry; not closed by {@link #close()}
     * @param config the serde settings
     * @param isKey  whether this serializer writes record keys (chooses the subject)
     */
    public AvroSerializer(SchemaRegistryClient client, AvroSerdeConfig config, boolean isKey) {
        this();
        this.client = Objects.requireNonNull(client, "client");
        this.config = Objects.requireNonNull(config, "config");
        this.isKey = isKey;
    }

    /** Reads Confluent's keys (registry and serde) and creates the registry client, unless built with one. */
    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (client != null) {
            return;
        }
        SerdeSettings settings = SerdeSettings.from(configs);
        this.config = settings.serde();
        this.client = settings.newClient();
        this.isKey = isKey;
        this.ownsClient = true;
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        Writer writer = writerFor(topic, data);
        Encoding encoding = ENCODING.get();
        ByteSink sink = encoding.sink;
        sink.reset();
        WireFormat.writeHeader(sink.reserve(WireFormat.HEADER_SIZE), writer.id());
        sink.skip(WireFormat.HEADER_SIZE);
        try {
            writer.datumWriter().write(data, encoding.encoder);
            encoding.encoder.flush();
        } catch (IOException | RuntimeException e) {
            // The thread's encoder may hold half a record: drop its buffered bytes with the sink's.
            ENCODING.remove();
            throw new SerializationException(what(topic) + "the " + writer.schema().getFullName()
                    + " does not fit its schema (" + e + ")", e);
        }
        return sink.toByteArray();
    }

    /** Whether it has a client: built with one, or configured. */
    boolean isReady() {
        return client != null;
    }

    /** Closes the registry client if this serializer created it. */
    @Override
    public void close() {
        if (ownsClient && client != null) {
            client.close();
        }
    }

    private Writer writerFor(String topic, T data) {
        Schema schema = schemaOf(topic, data);
        Writer last = lastWriter;
        // Identity checks: the same generated class hands out the same Schema instance every time.
        if (last != null && last.schema() == schema && Objects.equals(last.topic(), topic)) {
            return last;
        }
        var key = new WriterKey(topic, schema);
        Writer writer = writers.get(key);
        if (writer == null) {
            // Built outside the map's lock: it may ask the registry over HTTP.
            Writer built = newWriter(topic, schema, data);
            writer = Objects.requireNonNullElse(writers.putIfAbsent(key, built), built);
        }
        lastWriter = writer;
        return writer;
    }

    private Schema schemaOf(String topic, T data) {
        if (client == null) {
            throw new IllegalStateException("AvroSerializer is not configured: build it with a client, or let Kafka"
                    + " configure it (schema.registry.url and friends in the client config)");
        }
        if (data instanceof GenericContainer container) {
            return container.getSchema();
        }
        throw new SerializationException(what(topic) + "AvroSerializer writes Avro records (generated classes or"
                + " GenericRecord), not " + data.getClass().getName() + "; use Kafka's serializers for plain values");
    }

    private Writer newWriter(String topic, Schema schema, T data) {
        String subject = config.subjectNameStrategy(isKey).subjectName(topic, isKey, schema);
        int id = schemaId(topic, subject, schema);
        DatumWriter<Object> datumWriter = data instanceof SpecificRecord
                ? new SpecificDatumWriter<>(schema, SpecificData.getForClass(data.getClass()))
                : new GenericDatumWriter<>(schema, GenericData.get());
        return new Writer(topic, schema, id, datumWriter);
    }

    private int schemaId(String topic, String subject, Schema schema) {
        try {
            if (config.useLatestVersion()) {
                return latestId(topic, subject, schema);
            }
            return config.autoRegisterSchemas()
                    ? client.register(subject, schema)
                    : client.lookup(subject, schema).id();
        } catch (SerializationException e) {
            throw e;
        } catch (RuntimeException e) {
            String action = config.autoRegisterSchemas() && !config.useLatestVersion() ? "registering" : "looking up";
            throw new SerializationException(what(topic) + action + " schema " + schema.getFullName()
                    + " under subject '" + subject + "' failed: " + e.getMessage(), e);
        }
    }

    /** {@code use.latest.version}: the latest id, valid only if it encodes exactly like the record's schema. */
    private int latestId(String topic, String subject, Schema schema) {
        RegisteredSchema latest = client.getLatest(subject);
        // Equal parsing fingerprints mean identical binary encodings, whatever the docs and properties say.
        if (SchemaNormalization.parsingFingerprint64(latest.schema())
                != SchemaNormalization.parsingFingerprint64(schema)) {
            throw new SerializationException(what(topic) + "use.latest.version is set, but the latest schema of"
                    + " subject '" + subject + "' (id " + latest.id() + ", version " + latest.version()
                    + ") encodes differently from the record's " + schema.getFullName() + "; register the record's"
                    + " schema or update the record class");
        }
        return latest.id();
    }

    private String what(String topic) {
        return "Cannot serialize " + (isKey ? "key" : "value") + " for topic '" + topic + "': ";
    }
}
