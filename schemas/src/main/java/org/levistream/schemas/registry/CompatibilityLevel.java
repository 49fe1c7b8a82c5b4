package org.levistream.schemas.registry;

/**
 * A registry's compatibility rule for new schema versions of a subject, as Confluent names them.
 * LEVI Stream's schemas evolve with {@link #BACKWARD}: a new reader reads every older writer's bytes.
 */
public enum CompatibilityLevel {
    NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE
}
