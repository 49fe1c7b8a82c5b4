package org.levistream.embedded.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class StoreFormatTest {
    private static final AvroSchemaText SCHEMA = AvroSchemaText.parseNew("\"string\"");

    @Test
    void writesConfluentsSchemaKeyAndValue() {
        var version = new SchemaVersion("s", 1, 7, SCHEMA, false);

        assertThat(text(StoreFormat.schemaKey("s", 1)))
                .isEqualTo("{\"keytype\":\"SCHEMA\",\"subject\":\"s\",\"version\":1,\"magic\":1}");
        assertThat(text(StoreFormat.schemaValue(version)))
                .isEqualTo("{\"subject\":\"s\",\"version\":1,\"id\":7,\"schema\":\"\\\"string\\\"\","
                        + "\"deleted\":false}");
    }

    @Test
    void writesConfluentsConfigAndDeleteSubjectRecords() {
        assertThat(text(StoreFormat.configKey(null)))
                .isEqualTo("{\"keytype\":\"CONFIG\",\"subject\":null,\"magic\":0}");
        assertThat(text(StoreFormat.configKey("s")))
                .isEqualTo("{\"keytype\":\"CONFIG\",\"subject\":\"s\",\"magic\":0}");
        assertThat(text(StoreFormat.configValue(CompatibilityLevel.FULL)))
                .isEqualTo("{\"compatibilityLevel\":\"FULL\"}");
        assertThat(text(StoreFormat.deleteSubjectKey("s")))
                .isEqualTo("{\"keytype\":\"DELETE_SUBJECT\",\"subject\":\"s\",\"magic\":0}");
        assertThat(text(StoreFormat.deleteSubjectValue("s", 3))).isEqualTo("{\"subject\":\"s\",\"version\":3}");
    }

    @Test
    void readsBackWhatItWrites() {
        var version = new SchemaVersion("s", 2, 9, SCHEMA, true);

        assertThat(StoreFormat.decode(StoreFormat.schemaKey("s", 2), StoreFormat.schemaValue(version)))
                .isEqualTo(new StoreRecord.SchemaPut(version));
        assertThat(StoreFormat.decode(StoreFormat.schemaKey("s", 2), null))
                .isEqualTo(new StoreRecord.SchemaTombstone("s", 2));
        assertThat(StoreFormat.decode(StoreFormat.configKey(null), StoreFormat.configValue(CompatibilityLevel.NONE)))
                .isEqualTo(new StoreRecord.ConfigPut(null, CompatibilityLevel.NONE));
        assertThat(StoreFormat.decode(StoreFormat.configKey("s"), null))
                .isEqualTo(new StoreRecord.ConfigPut("s", null));
        assertThat(StoreFormat.decode(StoreFormat.deleteSubjectKey("s"), StoreFormat.deleteSubjectValue("s", 3)))
                .isEqualTo(new StoreRecord.SubjectDeleted("s", 3));
    }

    @Test
    void readsRecordsWrittenByConfluentsRegistry() {
        byte[] key = bytes("{\"keytype\":\"SCHEMA\",\"subject\":\"orders-value\",\"version\":1,\"magic\":1}");
        byte[] value = bytes("{\"subject\":\"orders-value\",\"version\":1,\"id\":100001,\"schemaType\":\"AVRO\","
                + "\"schema\":\"{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"O\\\",\\\"fields\\\":[]}\","
                + "\"deleted\":false,\"md5\":\"abc\"}");

        var decoded = (StoreRecord.SchemaPut) StoreFormat.decode(key, value);

        assertThat(decoded.version().id()).isEqualTo(100001);
        assertThat(decoded.version().schema().canonical())
                .isEqualTo("{\"type\":\"record\",\"name\":\"O\",\"fields\":[]}");
    }

    @Test
    void ignoresKindsItKeepsNoStateFor() {
        assertThat(StoreFormat.decode(bytes("{\"keytype\":\"NOOP\",\"magic\":0}"), null))
                .isEqualTo(new StoreRecord.Ignored("NOOP"));
        assertThat(StoreFormat.decode(bytes("{\"keytype\":\"MODE\",\"subject\":null,\"magic\":0}"),
                bytes("{\"mode\":\"READWRITE\"}"))).isInstanceOf(StoreRecord.Ignored.class);
        byte[] protobuf = bytes("{\"subject\":\"p\",\"version\":1,\"id\":3,\"schemaType\":\"PROTOBUF\","
                + "\"schema\":\"x\"}");
        assertThat(StoreFormat.decode(StoreFormat.schemaKey("p", 1), protobuf)).isInstanceOf(StoreRecord.Ignored.class);
    }

    @Test
    void refusesRecordsThatAreNotItsFormat() {
        assertThatThrownBy(() -> StoreFormat.decode(bytes("not json"), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> StoreFormat.decode(StoreFormat.schemaKey("s", 1),
                bytes("{\"subject\":\"s\",\"version\":1,\"id\":1,\"schema\":\"no schema\"}")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
