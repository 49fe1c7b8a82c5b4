package org.levistream.embedded.registry;

/**
 * One decoded record of the schemas topic. Each kind changes the registry's state in one way; records of
 * kinds this registry does not act on (Confluent's MODE, CONTEXT, NOOP, ...) decode to {@link Ignored}.
 */
sealed interface StoreRecord {

    /** A version was registered, or (re)written, for example soft-deleted. */
    record SchemaPut(SchemaVersion version) implements StoreRecord {
    }

    /** A version was deleted permanently. */
    record SchemaTombstone(String subject, int version) implements StoreRecord {
    }

    /**
     * A compatibility level was set, or cleared when {@code level} is null.
     *
     * @param subject the subject, or null for the global level
     */
    record ConfigPut(String subject, CompatibilityLevel level) implements StoreRecord {
    }

    /** Every version of {@code subject} up to and including {@code upToVersion} was soft-deleted. */
    record SubjectDeleted(String subject, int upToVersion) implements StoreRecord {
    }

    /** A record this registry keeps no state for. */
    record Ignored(String keyType) implements StoreRecord {
    }
}
