package org.levistream.evaluator.dashboard;

import java.util.List;
import java.util.Objects;

/**
 * The history of one alert condition: every raise and resolve, in version order, and where it stands now.
 *
 * @param key    the condition
 * @param status the status of the latest mark: open until a later version resolves it
 * @param marks  every raise and resolve, oldest version first; never empty
 */
public record AlertTrack(AlertKey key, AlertStatus status, List<AlertMark> marks) {
    /** Copies the marks and checks there is at least one. */
    public AlertTrack {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(status, "status");
        marks = List.copyOf(marks);
        if (marks.isEmpty()) {
            throw new IllegalArgumentException("an alert track needs at least one mark: " + key);
        }
    }
}
