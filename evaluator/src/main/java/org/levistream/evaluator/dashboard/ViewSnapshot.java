package org.levistream.evaluator.dashboard;

import java.util.List;

/**
 * Everything the dashboard knows at one moment: what {@code /api/state} returns and the first event of {@code /events}.
 *
 * @param series every series, in {@link SeriesKey#ORDER}
 * @param alerts every alert condition ever raised, in {@link AlertKey#ORDER}
 */
public record ViewSnapshot(List<MetricSeries> series, List<AlertTrack> alerts) {
    /** Copies the lists. */
    public ViewSnapshot {
        series = List.copyOf(series);
        alerts = List.copyOf(alerts);
    }
}
