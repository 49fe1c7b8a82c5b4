package org.levistream.schemas.registry;

import java.util.Objects;

import org.apache.avro.Schema;

/**
 * One version of a subject in the registry.
 *
 * @param subject the subject, e.g. {@code levi.interactions-value}
 * @param id      the schema's global id: the 4 bytes after the magic byte on the wire
 * @param version the version within the subject, from 1
 * @param schema  the schema as the registry stores it
 */
public record RegisteredSchema(String subject, int id, int version, Schema schema) {
    public RegisteredSchema {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(schema, "schema");
    }
}
