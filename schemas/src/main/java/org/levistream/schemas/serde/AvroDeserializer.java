package org.levistream.schemas.serde;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.levistream.schemas.serde.internal.Utf8CheckingDecoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.levistream.schemas.GeneratedRecords;
import org.levistream.schemas.registry.SchemaRegistryClient;
import org.levistream.schemas.registry.SchemaRegistryException;

/**
 * Reads Confluent-framed Avro: fetches the writer schema by the id in the header and resolves it against the
 * reader schema, so bytes written with an older schema read with a newer one.
 *
 * <p>The reader schema is the writer's own ({@link GenericRecord}, the default), the generated class named by the
 * writer schema ({@code specific.avro.reader=true}), a fixed generated class ({@code specific.avro.value.type},
 * {@link #specific(Class, SchemaRegistryClient, boolean)}), or a fixed schema for generic records
 * ({@link #generic(SchemaRegistryClient, Schema, boolean)}). One {@link DatumReader} is kept per writer id (the
 * reader schema is fixed per writer id in one deserializer, so that is one per (writer id, reader schema)), and a
 * decoder is reused per thread.
 *
 * <p>Bad bytes (wrong magic byte, unknown schema id, truncated or malformed payload) throw
 * {@link SerializationException} naming the topic and what was wrong: poison, for the caller to dead-letter. A
 * {@code KafkaConsumer} wraps it in {@code RecordDeserializationException}, which adds partition and offset. A
 * registry that cannot be reached throws {@link SchemaRegistryException} instead ({@code isRetriable()}): the
 * record is fine, the registry is not.
 *
 * <p>Built like {@link AvroSerializer}: by Kafka through {@link #configure(Map, boolean)}, or ready-made with a
 * client. Thread-safe.
 *
 * @param <T> {@link GenericRecord} or the generated class read
 */
public class AvroDeserializer<T> implements Deserializer<T> {
    private static final ThreadLocal<BinaryDecoder> DECODER = new ThreadLocal<>();
    // Strings with malformed UTF-8 are refused rather than silently turned into U+FFFD (another id, say).
    private static final ThreadLocal<Utf8CheckingDecoder> STRICT =
            ThreadLocal.withInitial(() -> new Utf8CheckingDecoder(null));

    /** How to read one writer id: the cache entry. */
    private record Reader(int writerId, Schema readerSchema, DatumReader<Object> datumReader) {
    }

    private final ConcurrentHashMap<Integer, Reader> readers = new ConcurrentHashMap<>();
    private volatile Reader lastReader;
    private SchemaRegistryClient client;
    private AvroSerdeConfig config;
    private Schema genericReaderSchema;
    private boolean isKey;
    private boolean ownsClient;

    /** For Kafka: unusable until {@link #configure(Map, boolean)}. */
    public AvroDeserializer() {
        GeneratedRecords.trust();
    }

    /**
     * Ready to use; {@link #configure(Map, boolean)} is then ignored.
     *
     * @param client the registry; not closed by {@link #close()}
     * @param config the serde settings (reader choice)
     * @param isKey  whether this deserializer reads record keys (chooses the fixed reader type, if any)
     */
    public AvroDeserializer(SchemaRegistryClient client, AvroSerdeConfig config, boolean isKey) {
        this();
        this.client = Objects.requireNonNull(client, "client");
        this.config = Objects.requireNonNull(config, "config");
        this.isKey = isKey;
    }

    /** Reads every record as {@code type}, resolving each writer schema against {@code type}'s schema. */
    public static <R extends SpecificRecord> AvroDeserializer<R> specific(Class<R> type, SchemaRegistryClient client,
                                                                         boolean isKey) {
        return new AvroDeserializer<>(client, AvroSerdeConfig.defaults().withSpecificType(isKey, type), isKey);
    }

    /** Reads every record as a {@link GenericRecord} with its writer's schema. */
    public static AvroDeserializer<GenericRecord> generic(SchemaRegistryClient client, boolean isKey) {
        return new AvroDeserializer<>(client, AvroSerdeConfig.defaults(), isKey);
    }

    /**
     * Reads every record as a {@link GenericRecord} of {@code readerSchema}, resolving each writer schema against
     * it: a newer schema reads older bytes, with defaults for the fields they lack.
     */
    public static AvroDeserializer<GenericRecord> generic(SchemaRegistryClient client, Schema readerSchema,
                                                          boolean isKey) {
        var deserializer = new AvroDeserializer<GenericRecord>(client, AvroSerdeConfig.defaults(), isKey);
        deserializer.genericReaderSchema = Objects.requireNonNull(readerSchema, "readerSchema");
        return deserializer;
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
    public T deserialize(String topic, byte[] data) {
        return data == null ? null : decode(topic, data, 0, data.length);
    }

    /** Kafka 4's zero-copy path: reads straight from the fetch buffer when it is heap-backed. */
    @Override
    public T deserialize(String topic, Headers headers, ByteBuffer data) {
        if (data == null) {
            return null;
        }
        if (data.hasArray()) {
            return decode(topic, data.array(), data.arrayOffset() + data.position(), data.remaining());
        }
        byte[] copy = new byte[data.remaining()];
        data.duplicate().get(copy);
        return decode(topic, copy, 0, copy.length);
    }

    /** Closes the registry client if this deserializer created it. */
    @Override
    public void close() {
        if (ownsClient && client != null) {
            client.close();
        }
    }

    @SuppressWarnings("unchecked")
    private T decode(String topic, byte[] data, int offset, int length) {
        if (client == null) {
            throw new IllegalStateException("AvroDeserializer is not configured: build it with a client, or let Kafka"
                    + " configure it (schema.registry.url and friends in the client config)");
        }
        if (length < WireFormat.HEADER_SIZE) {
            throw new SerializationException(what(topic) + "the payload is " + length + " byte(s), shorter than"
                    + " Confluent's 5-byte header (magic byte 0 and a 4-byte schema id)");
        }
        if (data[offset] != WireFormat.MAGIC_BYTE) {
            throw new SerializationException(what(topic) + String.format("unknown magic byte 0x%02x;"
                    + " Confluent's wire format starts with 0x00", data[offset]));
        }
        Reader reader = readerFor(topic, WireFormat.readSchemaId(data, offset));
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(
                data, offset + WireFormat.HEADER_SIZE, length - WireFormat.HEADER_SIZE, DECODER.get());
        DECODER.set(decoder);
        try {
            return (T) reader.datumReader().read(null, STRICT.get().reading(decoder));
        } catch (EOFException e) {
            throw new SerializationException(what(topic) + "the payload is truncated: " + length + " bytes end"
                    + " before a whole record of schema id " + reader.writerId() + " was read", e);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException(what(topic) + "the payload is not valid Avro for schema id "
                    + reader.writerId() + " (" + e + ")", e);
        }
    }

    private Reader readerFor(String topic, int writerId) {
        Reader last = lastReader;
        if (last != null && last.writerId() == writerId) {
            return last;
        }
        Reader reader = readers.get(writerId);
        if (reader == null) {
            // Built outside the map's lock: it may ask the registry over HTTP.
            Reader built = newReader(topic, writerId);
            reader = Objects.requireNonNullElse(readers.putIfAbsent(writerId, built), built);
        }
        lastReader = reader;
        return reader;
    }

    private Reader newReader(String topic, int writerId) {
        Schema writer = writerSchema(topic, writerId);
        Class<? extends SpecificRecord> type = config.specificType(isKey).orElse(null);
        if (type == null && config.specificAvroReader()) {
            type = SpecificTypes.forSchema(writer).orElseThrow(() -> new SerializationException(what(topic)
                    + "specific.avro.reader is true but there is no generated class " + writer.getFullName()
                    + " (schema id " + writerId + ") on the classpath"));
        }
        if (type != null) {
            Schema readerSchema = checkedReader(topic, writerId, writer, SpecificTypes.schemaOf(type));
            return new Reader(writerId, readerSchema,
                    new SpecificDatumReader<>(writer, readerSchema, SpecificData.getForClass(type)));
        }
        Schema readerSchema = genericReaderSchema == null ? writer
                : checkedReader(topic, writerId, writer, genericReaderSchema);
        return new Reader(writerId, readerSchema, new GenericDatumReader<>(writer, readerSchema, GenericData.get()));
    }

    /** Fails on the first record of a writer the reader cannot resolve, naming both, rather than mid-decode. */
    private Schema checkedReader(String topic, int writerId, Schema writer, Schema reader) {
        var compatibility = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            throw new SerializationException(what(topic) + "schema id " + writerId + " (" + writer.getFullName()
                    + ") cannot be read as " + reader.getFullName() + ": "
                    + compatibility.getResult().getIncompatibilities());
        }
        return reader;
    }

    private Schema writerSchema(String topic, int writerId) {
        try {
            return client.getById(writerId);
        } catch (SchemaRegistryException e) {
            if (e.isRetriable()) {
                throw e;
            }
            throw new SerializationException(what(topic) + "schema id " + writerId + " is unknown to the registry ("
                    + e.getMessage() + ")", e);
        }
    }

    private String what(String topic) {
        return "Cannot deserialize " + (isKey ? "key" : "value") + " of topic '" + topic + "': ";
    }
}
