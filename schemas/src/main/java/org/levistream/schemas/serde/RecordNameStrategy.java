package org.levistream.schemas.serde;

import org.apache.avro.Schema;

/**
 * The record's full name, e.g. {@code org.levistream.schemas.avro.Interaction}: one schema lineage per record type,
 * shared by every topic that carries it.
 */
public final class RecordNameStrategy implements SubjectNameStrategy {
    @Override
    public String subjectName(String topic, boolean isKey, Schema schema) {
        return schema.getFullName();
    }
}
