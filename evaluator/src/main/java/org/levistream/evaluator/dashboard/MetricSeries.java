package org.levistream.evaluator.dashboard;

import java.util.List;
import java.util.Objects;

/**
 * A series as the page draws it: its points in increasing version order, one per version.
 *
 * @param key    what the series is
 * @param points one per version, oldest first
 */
public record MetricSeries(SeriesKey key, List<MetricPoint> points) {
    /** Copies the points. */
    public MetricSeries {
        Objects.requireNonNull(key, "key");
        points = List.copyOf(points);
    }
}
