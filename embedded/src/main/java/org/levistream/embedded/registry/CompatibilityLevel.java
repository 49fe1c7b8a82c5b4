package org.levistream.embedded.registry;

import java.util.Locale;
import java.util.Optional;

/**
 * Confluent's seven compatibility levels. "Backward" means the new schema can read data written with earlier
 * ones, "forward" that earlier schemas can read data written with the new one, "full" both; a transitive level
 * checks every live version, the others only the latest.
 */
enum CompatibilityLevel {
    NONE(false, false, false),
    BACKWARD(true, false, false),
    BACKWARD_TRANSITIVE(true, false, true),
    FORWARD(false, true, false),
    FORWARD_TRANSITIVE(false, true, true),
    FULL(true, true, false),
    FULL_TRANSITIVE(true, true, true);

    /** What a registry applies when neither the subject nor the global config says otherwise. */
    static final CompatibilityLevel DEFAULT = BACKWARD;

    private final boolean newReadsOld;
    private final boolean oldReadsNew;
    private final boolean transitive;

    CompatibilityLevel(boolean newReadsOld, boolean oldReadsNew, boolean transitive) {
        this.newReadsOld = newReadsOld;
        this.oldReadsNew = oldReadsNew;
        this.transitive = transitive;
    }

    /** Whether the new schema must read data written with the earlier ones. */
    boolean newReadsOld() {
        return newReadsOld;
    }

    /** Whether the earlier schemas must read data written with the new one. */
    boolean oldReadsNew() {
        return oldReadsNew;
    }

    /** Whether every live version is checked, rather than only the latest. */
    boolean transitive() {
        return transitive;
    }

    /** The level named {@code name}, in any case, as Confluent accepts it; empty for anything else. */
    static Optional<CompatibilityLevel> forName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(name.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
