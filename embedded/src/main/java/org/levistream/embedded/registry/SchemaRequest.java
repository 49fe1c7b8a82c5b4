package org.levistream.embedded.registry;

import java.util.Locale;

/**
 * A schema as a register, lookup or compatibility request carries it ({@code {"schema": "...", "schemaType":
 * "AVRO", "references": [], "id": 7}}).
 *
 * @param schema        the schema text
 * @param schemaType    AVRO, JSON or PROTOBUF; null means AVRO, as in Confluent's API
 * @param hasReferences whether the request names schemas this one references
 * @param id            the id a client asks for, which only Confluent's IMPORT mode honours; null if absent
 */
record SchemaRequest(String schema, String schemaType, boolean hasReferences, Integer id) {

    /**
     * The schema text, once it is known to be a self-contained Avro schema.
     *
     * @throws RegistryException 42201 naming the type for JSON or PROTOBUF, or for references
     */
    String avroText() {
        if (schemaType != null && !schemaType.toUpperCase(Locale.ROOT).equals("AVRO")) {
            throw RegistryException.invalidSchema("Invalid schema type " + schemaType
                    + ": this registry supports AVRO schemas only");
        }
        if (hasReferences) {
            throw RegistryException.invalidSchema("Schema references are not supported by this registry");
        }
        return schema;
    }
}
