package org.levistream.ingest.split;

import java.util.Objects;
import java.util.Optional;

/**
 * One record to deliver somewhere, as the router decided.
 *
 * @param destination where it goes
 * @param topic       the topic name for topic destinations; empty for {@code pretrain}
 * @param record      the record (the original, or a rule's copy)
 * @param copy        whether this is a copy made by a rule's {@code copy}
 * @param <T>         the record type
 */
public record Delivery<T>(Destination destination, Optional<String> topic, T record, boolean copy) {
    /** Checks for nulls. */
    public Delivery {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(record, "record");
    }
}
