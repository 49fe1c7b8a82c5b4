package org.levistream.embedded.registry;

/**
 * One version of one subject: the unit the registry stores, one record per version in the topic.
 *
 * @param subject the subject, e.g. {@code levi.interactions-value}
 * @param version the version within the subject, from 1, never reused while the subject's records exist
 * @param id      the global schema id, shared by every version (of any subject) with the same canonical text
 * @param schema  the schema and its canonical text
 * @param deleted whether the version was soft-deleted: hidden from lookups, still resolvable by id
 */
record SchemaVersion(String subject, int version, int id, AvroSchemaText schema, boolean deleted) {

    /** The same version, soft-deleted. */
    SchemaVersion asDeleted() {
        return new SchemaVersion(subject, version, id, schema, true);
    }
}
