package org.levistream.evaluator.dashboard;

import java.util.Comparator;
import java.util.Objects;

/**
 * Names one line on the dashboard: one metric of one experiment on one held-out topic, across model versions.
 *
 * @param stream     the stream the topic belongs to, e.g. {@code recommendation} or {@code images}
 * @param experiment the experiment id
 * @param topic      the held-out topic scored; for a {@link Split#GAP} series, the topic the evaluator named
 * @param metric     the metric's name, e.g. {@code rmse}
 * @param split      ID, OOD or GAP
 */
public record SeriesKey(String stream, String experiment, String topic, String metric, Split split) {
    /** The order of {@code /api/state}: by stream, metric, split, topic, then experiment, so a chart's lines sit together. */
    public static final Comparator<SeriesKey> ORDER = Comparator.comparing(SeriesKey::stream)
            .thenComparing(SeriesKey::metric).thenComparing(SeriesKey::split)
            .thenComparing(SeriesKey::topic).thenComparing(SeriesKey::experiment);

    /** Checks that every part is present. */
    public SeriesKey {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(experiment, "experiment");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(split, "split");
    }
}
