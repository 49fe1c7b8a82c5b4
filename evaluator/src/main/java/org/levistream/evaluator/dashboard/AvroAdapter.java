package org.levistream.evaluator.dashboard;

import org.levistream.schemas.avro.MetricRecord;
import org.levistream.schemas.avro.OodAlert;

/**
 * Maps the evaluator's Avro records to the dashboard's own values, so that nothing past the reader sees a generated
 * class (STYLE §11).
 */
final class AvroAdapter {
    private AvroAdapter() {
    }

    /**
     * The stream a topic belongs to: its second dot-separated segment, {@code recommendation} in
     * {@code levi.recommendation.ood.late-users}. A topic with no dot is its own stream.
     */
    static String streamOf(String topic) {
        String[] segments = topic.split("\\.", 3);
        return segments.length >= 2 && !segments[1].isEmpty() ? segments[1] : topic;
    }

    /** Whether a metric is over an event-time window (prequential mode) rather than a whole topic. */
    static boolean isWindowed(MetricRecord record) {
        return record.getWindowStart() != null;
    }

    static SeriesKey seriesKey(MetricRecord record) {
        String topic = record.getTopic();
        return new SeriesKey(streamOf(topic), record.getExperiment(), topic, record.getMetric(),
                Split.valueOf(record.getSplit().name()));
    }

    static MetricPoint point(MetricRecord record) {
        return new MetricPoint(record.getVersion(), record.getValue(), record.getLow(), record.getHigh(),
                record.getCount());
    }

    static AlertKey alertKey(OodAlert alert) {
        String topic = alert.getTopic();
        return new AlertKey(streamOf(topic), alert.getExperiment(), topic, alert.getMetric());
    }

    static AlertMark mark(OodAlert alert) {
        return new AlertMark(alert.getVersion(), AlertStatus.valueOf(alert.getStatus().name()),
                alert.getReferenceVersion(), alert.getValue(), alert.getReferenceValue(), alert.getReason(),
                alert.getRaisedAt());
    }
}
