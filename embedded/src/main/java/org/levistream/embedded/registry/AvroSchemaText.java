package org.levistream.embedded.registry;

import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;

/**
 * An Avro schema together with the text the registry stores, compares and returns for it.
 *
 * <p>The canonical text is Avro's own rendering of the parsed schema ({@link Schema#toString()}), which is what
 * Confluent stores: JSON without insignificant whitespace and with attributes in a fixed order, keeping docs,
 * defaults, aliases, logical types and custom properties. Two registrations get the same id exactly when their
 * canonical texts are equal.
 *
 * @param schema    the parsed schema, used for compatibility checks
 * @param canonical the canonical text
 */
record AvroSchemaText(Schema schema, String canonical) {

    /**
     * Parses a schema sent by a client. Defaults are validated, as Confluent validates them for new schemas.
     *
     * @throws RegistryException 42201 if {@code text} is not a valid Avro schema
     */
    static AvroSchemaText parseNew(String text) {
        return parse(text, true);
    }

    /** Parses a schema read back from the topic; defaults were checked when it was registered. */
    static AvroSchemaText parseStored(String text) {
        return parse(text, false);
    }

    private static AvroSchemaText parse(String text, boolean validateDefaults) {
        if (text == null || text.isBlank()) {
            throw RegistryException.invalidSchema("Empty schema");
        }
        try {
            // A parser remembers the named types it has seen, so every schema gets a fresh one.
            Schema schema = new Schema.Parser().setValidateDefaults(validateDefaults).parse(text);
            return new AvroSchemaText(schema, schema.toString());
        } catch (AvroRuntimeException | IllegalArgumentException e) {
            throw RegistryException.invalidSchema("Invalid schema " + text + ", details: " + e.getMessage());
        }
    }
}
