package org.levistream.schemas.serde;

import org.apache.avro.Schema;

/**
 * Chooses the registry subject a record's schema is registered and looked up under; Confluent's
 * {@code key.subject.name.strategy} / {@code value.subject.name.strategy}. Implementations need a public no-arg
 * constructor to be named in config.
 */
@FunctionalInterface
public interface SubjectNameStrategy {
    /**
     * @param topic  the topic written to
     * @param isKey  whether the schema is the record key's
     * @param schema the writer schema
     * @return the subject, e.g. {@code levi.interactions-value}
     */
    String subjectName(String topic, boolean isKey, Schema schema);
}
