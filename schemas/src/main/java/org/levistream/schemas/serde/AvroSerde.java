package org.levistream.schemas.serde;

import java.util.Map;

import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.levistream.schemas.registry.SchemaRegistryClient;

/**
 * {@link AvroSerializer} and {@link AvroDeserializer} as one Kafka Streams {@link Serde}.
 *
 * <pre>{@code
 * Serde<Interaction> interactions = AvroSerde.specific(Interaction.class, registry, false);
 * builder.stream("levi.interactions", Consumed.with(Serdes.String(), interactions));
 * }</pre>
 *
 * <p>Streams does not configure serdes passed in code, so build those with a client as above; a serde named in
 * {@code default.value.serde} is built with the no-arg constructor and configured by Streams, and then owns its
 * registry client.
 *
 * @param <T> the record type
 */
public class AvroSerde<T> implements Serde<T> {
    private AvroSerializer<T> serializer;
    private AvroDeserializer<T> deserializer;
    private SchemaRegistryClient ownedClient;

    /** For Kafka: unusable until {@link #configure(Map, boolean)}. */
    public AvroSerde() {
        this.serializer = new AvroSerializer<>();
        this.deserializer = new AvroDeserializer<>();
    }

    /**
     * Ready to use; {@link #configure(Map, boolean)} is then ignored.
     *
     * @param client the registry, shared by both halves; not closed by {@link #close()}
     */
    public AvroSerde(SchemaRegistryClient client, AvroSerdeConfig config, boolean isKey) {
        this.serializer = new AvroSerializer<>(client, config, isKey);
        this.deserializer = new AvroDeserializer<>(client, config, isKey);
    }

    /** Writes {@code type} records and reads every version of them as {@code type}. */
    public static <R extends SpecificRecord> AvroSerde<R> specific(Class<R> type, SchemaRegistryClient client,
                                                                  AvroSerdeConfig config, boolean isKey) {
        return new AvroSerde<>(client, config.withSpecificType(isKey, type), isKey);
    }

    /** Writes and reads {@link GenericRecord}s. */
    public static AvroSerde<GenericRecord> generic(SchemaRegistryClient client, AvroSerdeConfig config,
                                                   boolean isKey) {
        var generic = new AvroSerdeConfig(config.autoRegisterSchemas(), config.useLatestVersion(), false,
                config.keySubjectNameStrategy(), config.valueSubjectNameStrategy(), null, null);
        return new AvroSerde<>(client, generic, isKey);
    }

    /** Creates one registry client from Confluent's keys and shares it between both halves. */
    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (ownedClient != null || serializer.isReady()) {
            return;
        }
        SerdeSettings settings = SerdeSettings.from(configs);
        ownedClient = settings.newClient();
        serializer = new AvroSerializer<>(ownedClient, settings.serde(), isKey);
        deserializer = new AvroDeserializer<>(ownedClient, settings.serde(), isKey);
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }

    /** Closes the registry client if this serde created it. */
    @Override
    public void close() {
        serializer.close();
        deserializer.close();
        if (ownedClient != null) {
            ownedClient.close();
        }
    }
}
