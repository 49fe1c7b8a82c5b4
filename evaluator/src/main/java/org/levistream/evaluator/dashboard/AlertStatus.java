package org.levistream.evaluator.dashboard;

/** Whether an alert's condition holds; the dashboard's copy of the Avro {@code AlertStatus}. */
public enum AlertStatus {
    /** The condition holds: raised at this version. */
    OPEN,
    /** A later version cleared it. */
    RESOLVED
}
