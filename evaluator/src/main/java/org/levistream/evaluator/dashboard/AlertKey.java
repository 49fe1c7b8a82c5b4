package org.levistream.evaluator.dashboard;

import java.util.Comparator;
import java.util.Objects;

/**
 * Names one alert condition: one metric of one experiment on one OOD topic. It is raised and resolved over versions.
 *
 * @param stream     the stream the topic belongs to, so that the page can mark the right chart
 * @param experiment the experiment id
 * @param topic      the OOD topic that degraded
 * @param metric     the metric's name
 */
public record AlertKey(String stream, String experiment, String topic, String metric) {
    /** The order of {@code /api/state}. */
    public static final Comparator<AlertKey> ORDER = Comparator.comparing(AlertKey::stream)
            .thenComparing(AlertKey::experiment).thenComparing(AlertKey::topic).thenComparing(AlertKey::metric);

    /** Checks that every part is present. */
    public AlertKey {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(experiment, "experiment");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(metric, "metric");
    }
}
