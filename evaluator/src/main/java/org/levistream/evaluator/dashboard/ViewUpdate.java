package org.levistream.evaluator.dashboard;

import java.util.Objects;

/** One change to the {@link MetricsView}, as pushed to the page over {@code /events}. */
public sealed interface ViewUpdate {
    /**
     * A version's point was added to a series, or replaced the one it had for that version.
     *
     * @param key   the series
     * @param point the new point
     */
    record PointUpdate(SeriesKey key, MetricPoint point) implements ViewUpdate {
        /** Checks that both parts are present. */
        public PointUpdate {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(point, "point");
        }
    }

    /**
     * An alert condition was raised or resolved; carries its whole history, so the page replaces what it had.
     *
     * @param track the condition's history after the change
     */
    record AlertUpdate(AlertTrack track) implements ViewUpdate {
        /** Checks that the track is present. */
        public AlertUpdate {
            Objects.requireNonNull(track, "track");
        }
    }
}
