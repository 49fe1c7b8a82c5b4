package org.levistream.evaluator.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.levistream.evaluator.alerts.AlertSettings;
import org.levistream.evaluator.config.HeldOutTopic;
import org.levistream.model.levi.TaskKind;
import org.levistream.model.metrics.MetricAccumulator;
import org.levistream.schemas.avro.AlertStatus;
import org.levistream.schemas.avro.MetricRecord;
import org.levistream.schemas.avro.OodAlert;
import org.levistream.schemas.avro.Split;

class VersionReportTest {
    private static final HeldOutTopic ID = HeldOutTopic.parse("levi.images.holdout").orElseThrow();
    private static final HeldOutTopic OOD = HeldOutTopic.parse("levi.images.ood.rotated").orElseThrow();

    @Test
    void anAccuracyAlertStatesAccuraciesAndTheGapIsWorseOodMinusId() {
        TopicScore idGood = scoring(ID, 200, 0);
        TopicScore oodGood = scoring(OOD, 200, 20);
        TopicScore oodBad = scoring(OOD, 200, 100);
        var reference = new VersionReport.Reference(1, Map.of(ID.topic(), idGood, OOD.topic(), oodGood));

        VersionReport report = VersionReport.of("x", 2, List.of(idGood, oodBad), Optional.of(reference), Set.of(),
                AlertSettings.defaults(), Instant.EPOCH);

        OodAlert alert = report.alerts().stream().filter(a -> a.getMetric().equals("accuracy")).findFirst()
                .orElseThrow();
        assertThat(alert.getStatus()).isEqualTo(AlertStatus.OPEN);
        assertThat(alert.getTopic()).isEqualTo(OOD.topic());
        assertThat(alert.getValue()).isCloseTo(0.5, within(1e-12));
        assertThat(alert.getReferenceValue()).isCloseTo(0.9, within(1e-12));
        assertThat(alert.getDifference()).isCloseTo(0.4, within(1e-12));   // in error rate: worse is positive
        MetricRecord gap = report.metrics().stream()
                .filter(m -> m.getSplit() == Split.GAP && m.getMetric().equals("accuracy")).findFirst().orElseThrow();
        assertThat(gap.getValue()).isCloseTo(1.0 - 0.5, within(1e-12));
        assertThat(report.clean()).isFalse();
    }

    /** {@code n} examples of 3 classes, the first {@code wrong} misclassified, with priorities 0..n-1. */
    private static TopicScore scoring(HeldOutTopic topic, int n, int wrong) {
        MetricAccumulator acc = new MetricAccumulator(TaskKind.CLASSIFICATION).keepingExamples();
        long[] priorities = new long[n];
        for (int i = 0; i < n; i++) {
            acc.logits(new float[] {2f, 0f, 0f}, 0, 3, i < wrong ? 1 : 0);
            priorities[i] = i;
        }
        return new TopicScore(topic, priorities, acc.examples());
    }
}
