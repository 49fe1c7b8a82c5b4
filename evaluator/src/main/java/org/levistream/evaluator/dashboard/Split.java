package org.levistream.evaluator.dashboard;

/** Which kind of held-out set a series is about; the dashboard's copy of the Avro {@code Split}. */
public enum Split {
    /** The in-distribution holdout. */
    ID,
    /** An out-of-distribution set. */
    OOD,
    /** A derived ID-minus-OOD figure. */
    GAP
}
