package org.levistream.schemas.serde;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.apache.avro.specific.SpecificRecord;
import org.levistream.common.config.ConfigReader;
import org.levistream.schemas.registry.KafkaSettingValues;

/**
 * The serde's own settings, under Confluent's keys; the registry connection is a
 * {@link org.levistream.schemas.registry.RegistryClientConfig}, read from the same map.
 *
 * @param autoRegisterSchemas      {@code auto.register.schemas}: the serializer registers the record's schema
 *                                 (default); when false it only looks the schema up and fails if it is not there
 * @param useLatestVersion         {@code use.latest.version}: the serializer tags records with the subject's latest
 *                                 schema id, which must encode exactly like the record's schema
 * @param specificAvroReader       {@code specific.avro.reader}: the deserializer returns generated classes (found
 *                                 by the writer schema's full name) instead of {@code GenericRecord}
 * @param keySubjectNameStrategy   {@code key.subject.name.strategy}, default {@link TopicNameStrategy}
 * @param valueSubjectNameStrategy {@code value.subject.name.strategy}, default {@link TopicNameStrategy}
 * @param specificKeyType          {@code specific.avro.key.type}: a generated class whose schema reads every key,
 *                                 whatever the writer's version; {@code null} for none
 * @param specificValueType        {@code specific.avro.value.type}: the same for values; {@code null} for none
 */
public record AvroSerdeConfig(boolean autoRegisterSchemas, boolean useLatestVersion, boolean specificAvroReader,
                              SubjectNameStrategy keySubjectNameStrategy, SubjectNameStrategy valueSubjectNameStrategy,
                              Class<? extends SpecificRecord> specificKeyType,
                              Class<? extends SpecificRecord> specificValueType) {

    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    public static final String USE_LATEST_VERSION = "use.latest.version";
    public static final String SPECIFIC_AVRO_READER = "specific.avro.reader";
    public static final String KEY_SUBJECT_NAME_STRATEGY = "key.subject.name.strategy";
    public static final String VALUE_SUBJECT_NAME_STRATEGY = "value.subject.name.strategy";
    public static final String SPECIFIC_AVRO_KEY_TYPE = "specific.avro.key.type";
    public static final String SPECIFIC_AVRO_VALUE_TYPE = "specific.avro.value.type";

    public AvroSerdeConfig {
        Objects.requireNonNull(keySubjectNameStrategy, "keySubjectNameStrategy");
        Objects.requireNonNull(valueSubjectNameStrategy, "valueSubjectNameStrategy");
    }

    /** Confluent's defaults: auto-register, topic-name subjects, generic records. */
    public static AvroSerdeConfig defaults() {
        return new AvroSerdeConfig(true, false, false, new TopicNameStrategy(), new TopicNameStrategy(), null, null);
    }

    /**
     * Reads the serde settings out of a Kafka-style config map; other keys are ignored.
     *
     * @throws org.levistream.common.config.InvalidConfigException naming every bad setting
     */
    public static AvroSerdeConfig from(Map<String, ?> settings) {
        var reader = new ConfigReader(KafkaSettingValues.plain(settings));
        var config = read(reader);
        reader.throwIfInvalid();
        return config;
    }

    /** Reads into {@code reader}, which collects the problems; the caller throws. */
    static AvroSerdeConfig read(ConfigReader reader) {
        return new AvroSerdeConfig(
                reader.bool(AUTO_REGISTER_SCHEMAS, true),
                reader.bool(USE_LATEST_VERSION, false),
                reader.bool(SPECIFIC_AVRO_READER, false),
                SubjectNameStrategies.resolve(reader, KEY_SUBJECT_NAME_STRATEGY),
                SubjectNameStrategies.resolve(reader, VALUE_SUBJECT_NAME_STRATEGY),
                SpecificTypes.resolve(reader, SPECIFIC_AVRO_KEY_TYPE),
                SpecificTypes.resolve(reader, SPECIFIC_AVRO_VALUE_TYPE));
    }

    /** The strategy for keys or values. */
    public SubjectNameStrategy subjectNameStrategy(boolean isKey) {
        return isKey ? keySubjectNameStrategy : valueSubjectNameStrategy;
    }

    /** The fixed reader class for keys or values, if one is set. */
    public Optional<Class<? extends SpecificRecord>> specificType(boolean isKey) {
        return Optional.ofNullable(isKey ? specificKeyType : specificValueType);
    }

    /** A copy with {@code auto.register.schemas} set. */
    public AvroSerdeConfig withAutoRegisterSchemas(boolean value) {
        return new AvroSerdeConfig(value, useLatestVersion, specificAvroReader, keySubjectNameStrategy,
                valueSubjectNameStrategy, specificKeyType, specificValueType);
    }

    /** A copy with {@code use.latest.version} set. */
    public AvroSerdeConfig withUseLatestVersion(boolean value) {
        return new AvroSerdeConfig(autoRegisterSchemas, value, specificAvroReader, keySubjectNameStrategy,
                valueSubjectNameStrategy, specificKeyType, specificValueType);
    }

    /** A copy with {@code specific.avro.reader} set. */
    public AvroSerdeConfig withSpecificAvroReader(boolean value) {
        return new AvroSerdeConfig(autoRegisterSchemas, useLatestVersion, value, keySubjectNameStrategy,
                valueSubjectNameStrategy, specificKeyType, specificValueType);
    }

    /** A copy with the same subject name strategy for keys and values. */
    public AvroSerdeConfig withSubjectNameStrategy(SubjectNameStrategy strategy) {
        return new AvroSerdeConfig(autoRegisterSchemas, useLatestVersion, specificAvroReader, strategy, strategy,
                specificKeyType, specificValueType);
    }

    /** A copy that reads keys or values as {@code type} (and implies {@code specific.avro.reader}). */
    public AvroSerdeConfig withSpecificType(boolean isKey, Class<? extends SpecificRecord> type) {
        return new AvroSerdeConfig(autoRegisterSchemas, useLatestVersion, true, keySubjectNameStrategy,
                valueSubjectNameStrategy, isKey ? type : specificKeyType, isKey ? specificValueType : type);
    }
}
