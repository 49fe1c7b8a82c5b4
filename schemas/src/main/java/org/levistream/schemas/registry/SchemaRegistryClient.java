package org.levistream.schemas.registry;

import java.util.List;

import org.apache.avro.Schema;

/**
 * A client of a Confluent-compatible schema registry: Confluent Schema Registry itself, or LEVI Stream's
 * in-process registry. Avro schemas only.
 *
 * <p>Implementations are thread-safe and cache what cannot change (a schema id's schema, a subject+schema's id and
 * version), so that the serde's hot path rarely leaves the JVM. Every method throws {@link SchemaRegistryException}
 * when the registry refuses the request or cannot be reached.
 */
public interface SchemaRegistryClient extends AutoCloseable {

    /**
     * Registers {@code schema} under {@code subject}, or finds it if it is already there ({@code POST
     * /subjects/{subject}/versions}).
     *
     * @return the schema's global id
     * @throws SchemaRegistryException with {@link SchemaRegistryException#isIncompatible()} when the subject's
     *                                 compatibility level refuses it
     */
    int register(String subject, Schema schema);

    /**
     * Finds {@code schema} among {@code subject}'s versions without registering it ({@code POST /subjects/{subject}}).
     *
     * @throws SchemaRegistryException with {@link SchemaRegistryException#isNotFound()} when it is not there
     */
    RegisteredSchema lookup(String subject, Schema schema);

    /** The schema with global id {@code id} ({@code GET /schemas/ids/{id}}). */
    Schema getById(int id);

    /** The subject's newest version ({@code GET /subjects/{subject}/versions/latest}); never cached. */
    RegisteredSchema getLatest(String subject);

    /** One version of the subject ({@code GET /subjects/{subject}/versions/{version}}). */
    RegisteredSchema getVersion(String subject, int version);

    /** The subject's versions, oldest first ({@code GET /subjects/{subject}/versions}). */
    List<Integer> versions(String subject);

    /** Every subject ({@code GET /subjects}). */
    List<String> subjects();

    /**
     * Whether {@code schema} could be registered under {@code subject} now, with the registry's reasons when not
     * ({@code POST /compatibility/subjects/{subject}/versions/latest?verbose=true}).
     */
    CompatibilityCheck testCompatibility(String subject, Schema schema);

    /** The global compatibility level ({@code GET /config}). */
    CompatibilityLevel getCompatibility();

    /** The subject's compatibility level, or the global one when the subject has none of its own. */
    CompatibilityLevel getCompatibility(String subject);

    /** Sets the global compatibility level ({@code PUT /config}). */
    void setCompatibility(CompatibilityLevel level);

    /** Sets the subject's own compatibility level ({@code PUT /config/{subject}}). */
    void setCompatibility(String subject, CompatibilityLevel level);

    /**
     * Deletes a subject ({@code DELETE /subjects/{subject}}). A soft delete hides the subject but keeps its ids
     * readable; a permanent delete (soft delete first, then {@code ?permanent=true}) removes it for good.
     *
     * @return the versions deleted
     */
    List<Integer> deleteSubject(String subject, boolean permanent);

    /** Releases the client's resources; idempotent. */
    @Override
    void close();
}
