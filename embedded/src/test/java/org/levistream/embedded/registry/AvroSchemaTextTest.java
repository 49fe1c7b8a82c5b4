package org.levistream.embedded.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class AvroSchemaTextTest {

    @Test
    void givesTheSameCanonicalTextWhateverTheWhitespaceAndAttributeOrder() {
        var compact = AvroSchemaText.parseNew("{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\","
                + "\"type\":\"int\"}]}");
        var spaced = AvroSchemaText.parseNew("{ \"fields\" : [ { \"type\" : \"int\", \"name\" : \"a\" } ],\n"
                + "  \"name\" : \"R\", \"type\" : \"record\" }");

        assertThat(spaced.canonical()).isEqualTo(compact.canonical())
                .isEqualTo("{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}");
    }

    @Test
    void keepsDocsAndDefaultsInTheCanonicalText() {
        var plain = AvroSchemaText.parseNew("{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\","
                + "\"type\":\"int\",\"default\":1}]}");
        var documented = AvroSchemaText.parseNew("{\"type\":\"record\",\"name\":\"R\",\"doc\":\"why\",\"fields\":"
                + "[{\"name\":\"a\",\"type\":\"int\",\"default\":1}]}");

        assertThat(plain.canonical()).contains("\"default\":1");
        assertThat(documented.canonical()).contains("\"doc\":\"why\"").isNotEqualTo(plain.canonical());
    }

    @Test
    void acceptsAPrimitiveSchema() {
        assertThat(AvroSchemaText.parseNew("\"string\"").canonical()).isEqualTo("\"string\"");
    }

    @Test
    void rejectsTextThatIsNoAvroSchemaWithError42201() {
        assertThatThrownBy(() -> AvroSchemaText.parseNew("non-avro schema string"))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(422);
                    assertThat(e.errorCode()).isEqualTo(42201);
                });
    }

    @Test
    void rejectsAnEmptySchema() {
        assertThatThrownBy(() -> AvroSchemaText.parseNew(" ")).hasMessage("Empty schema");
    }

    @Test
    void validatesDefaultsOfNewSchemasOnly() {
        String badDefault = "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"int\","
                + "\"default\":\"x\"}]}";

        assertThatThrownBy(() -> AvroSchemaText.parseNew(badDefault)).isInstanceOf(RegistryException.class);
        assertThat(AvroSchemaText.parseStored(badDefault).schema().getField("a")).isNotNull();
    }
}
