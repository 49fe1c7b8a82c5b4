package org.levistream.evaluator.dashboard;

import java.time.Instant;
import java.util.Objects;

/**
 * One alert record: the condition was raised ({@link AlertStatus#OPEN}) or cleared at a version.
 *
 * @param version          the version the record is about
 * @param status           raised or resolved
 * @param referenceVersion the version it was compared against
 * @param value            the metric at {@code version}
 * @param referenceValue   the metric at {@code referenceVersion}
 * @param reason           one line a person can act on
 * @param at               when the evaluator wrote it (wall clock)
 */
public record AlertMark(long version, AlertStatus status, long referenceVersion, double value,
                        double referenceValue, String reason, Instant at) {
    /** Checks that every part is present. */
    public AlertMark {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(at, "at");
    }
}
