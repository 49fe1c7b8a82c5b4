package org.levistream.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.levistream.common.config.InvalidConfigException;
import org.levistream.schemas.avro.ImageRecord;
import org.levistream.schemas.avro.Interaction;

@Timeout(10)
class AvroSerdeConfigTest {
    private static final Schema SCHEMA = Interaction.getClassSchema();

    /** A user's own strategy, named in config by class. */
    public static final class Fixed implements SubjectNameStrategy {
        @Override
        public String subjectName(String topic, boolean isKey, Schema schema) {
            return "fixed";
        }
    }

    @Test
    void defaultsAreConfluents() {
        var config = AvroSerdeConfig.from(Map.of());

        assertThat(config.autoRegisterSchemas()).isTrue();
        assertThat(config.useLatestVersion()).isFalse();
        assertThat(config.specificAvroReader()).isFalse();
        assertThat(config.subjectNameStrategy(false).subjectName("t", false, SCHEMA)).isEqualTo("t-value");
        assertThat(config.subjectNameStrategy(true).subjectName("t", true, SCHEMA)).isEqualTo("t-key");
        assertThat(config.specificType(false)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
            "io.confluent.kafka.serializers.subject.TopicNameStrategy, levi.x-value",
            "io.confluent.kafka.serializers.subject.RecordNameStrategy, org.levistream.schemas.avro.Interaction",
            "io.confluent.kafka.serializers.subject.TopicRecordNameStrategy, levi.x-org.levistream.schemas.avro.Interaction",
            "org.levistream.schemas.serde.TopicNameStrategy, levi.x-value",
            "org.levistream.schemas.serde.RecordNameStrategy, org.levistream.schemas.avro.Interaction",
            "RecordNameStrategy, org.levistream.schemas.avro.Interaction",
            "org.levistream.schemas.serde.AvroSerdeConfigTest$Fixed, fixed"})
    void acceptsConfluentsAndOurStrategyNames(String name, String subject) {
        var config = AvroSerdeConfig.from(Map.of(AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY, name));

        assertThat(config.subjectNameStrategy(false).subjectName("levi.x", false, SCHEMA)).isEqualTo(subject);
    }

    @Test
    void acceptsStrategyClassesAsValues() {
        var config = AvroSerdeConfig.from(Map.of(AvroSerdeConfig.KEY_SUBJECT_NAME_STRATEGY, RecordNameStrategy.class));

        assertThat(config.keySubjectNameStrategy()).isInstanceOf(RecordNameStrategy.class);
    }

    @Test
    void readsSpecificTypesAndFlags() {
        var config = AvroSerdeConfig.from(Map.of(AvroSerdeConfig.SPECIFIC_AVRO_VALUE_TYPE, ImageRecord.class.getName(),
                AvroSerdeConfig.SPECIFIC_AVRO_READER, "true", AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, false,
                AvroSerdeConfig.USE_LATEST_VERSION, "TRUE"));

        assertThat(config.specificType(false)).contains(ImageRecord.class);
        assertThat(config.specificType(true)).isEmpty();
        assertThat(config.specificAvroReader()).isTrue();
        assertThat(config.autoRegisterSchemas()).isFalse();
        assertThat(config.useLatestVersion()).isTrue();
    }

    @Test
    void reportsEveryBadSettingAtOnce() {
        var raw = Map.of(AvroSerdeConfig.SPECIFIC_AVRO_READER, "yes",
                AvroSerdeConfig.KEY_SUBJECT_NAME_STRATEGY, "java.lang.String",
                AvroSerdeConfig.SPECIFIC_AVRO_KEY_TYPE, "java.lang.String");

        assertThatThrownBy(() -> AvroSerdeConfig.from(raw))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.problems()).hasSize(3))
                .hasMessageContaining("specific.avro.reader was 'yes' but must be true or false")
                .hasMessageContaining("key.subject.name.strategy was 'java.lang.String' but must be TopicNameStrategy,"
                        + " RecordNameStrategy or TopicRecordNameStrategy")
                .hasMessageContaining("specific.avro.key.type was 'java.lang.String' but must name a generated Avro class");
    }
}
