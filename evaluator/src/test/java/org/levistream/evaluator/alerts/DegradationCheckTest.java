package org.levistream.evaluator.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.levistream.model.levi.TaskKind;
import org.levistream.model.metrics.ExampleLosses;
import org.levistream.model.metrics.MetricAccumulator;

class DegradationCheckTest {
    private static final AlertSettings SETTINGS = new AlertSettings(Margin.absolute(0), 0.05, 200, 1);

    @Test
    void flagsTheWorseTopicAndNotTheUnchangedOne() {
        var random = new SplittableRandom(4);
        float[] actual = new float[300];
        float[] reference = new float[300];
        for (int i = 0; i < actual.length; i++) {
            actual[i] = 1 + random.nextInt(4);
            reference[i] = actual[i] + (float) random.nextGaussian() * 0.8f;
        }
        float[] worse = reference.clone();
        for (int i = 0; i < worse.length; i++) {
            worse[i] += 0.5f;   // every prediction half a star too high
        }

        List<DegradationCheck.Verdict> verdicts = DegradationCheck.check(List.of(
                new DegradationCheck.TopicComparison("ood.late-users", ratings(worse, actual), ratings(reference, actual)),
                new DegradationCheck.TopicComparison("holdout", ratings(reference, actual), ratings(reference, actual))),
                SETTINGS);

        assertThat(verdicts).extracting(DegradationCheck.Verdict::condition, DegradationCheck.Verdict::degraded)
                .containsExactly(org.assertj.core.api.Assertions.tuple("ood.late-users/rmse", true),
                        org.assertj.core.api.Assertions.tuple("ood.late-users/mae", true),
                        org.assertj.core.api.Assertions.tuple("holdout/rmse", false),
                        org.assertj.core.api.Assertions.tuple("holdout/mae", false));
    }

    @Test
    void testsClassifiersOnAccuracyNllAndEce() {
        var reference = new MetricAccumulator(TaskKind.CLASSIFICATION).keepingExamples();
        var candidate = new MetricAccumulator(TaskKind.CLASSIFICATION).keepingExamples();
        for (int i = 0; i < 400; i++) {
            reference.logits(new float[] {3f, 0f}, 0, 2, 0);                     // right, confident
            candidate.logits(i < 80 ? new float[] {0f, 3f} : new float[] {3f, 0f}, 0, 2, 0);   // 80 more wrong
        }

        List<DegradationCheck.Verdict> verdicts = DegradationCheck.check(List.of(new DegradationCheck.TopicComparison(
                "ood.digits", candidate.examples(), reference.examples())), SETTINGS);

        assertThat(verdicts).extracting(v -> v.degradation().metric()).containsExactly("accuracy", "nll", "ece");
        assertThat(verdicts).allMatch(DegradationCheck.Verdict::degraded);
        assertThat(verdicts.get(0).degradation().difference()).isEqualTo(0.2);   // error rate 0 -> 0.2
    }

    @Test
    void aMetricsOwnMarginReplacesTheCommonOneForThatMetricOnly() {
        var reference = new MetricAccumulator(TaskKind.CLASSIFICATION).keepingExamples();
        var candidate = new MetricAccumulator(TaskKind.CLASSIFICATION).keepingExamples();
        for (int i = 0; i < 400; i++) {
            reference.logits(new float[] {3f, 0f}, 0, 2, 0);
            candidate.logits(i < 80 ? new float[] {0f, 3f} : new float[] {3f, 0f}, 0, 2, 0);
        }
        AlertSettings eceLoose = new AlertSettings(Margin.absolute(0), java.util.Map.of("ece", Margin.absolute(0.5)),
                0.05, 200, 1);

        List<DegradationCheck.Verdict> verdicts = DegradationCheck.check(List.of(new DegradationCheck.TopicComparison(
                "ood.digits", candidate.examples(), reference.examples())), eceLoose);

        assertThat(verdicts).extracting(v -> v.degradation().metric(), DegradationCheck.Verdict::degraded)
                .containsExactly(org.assertj.core.api.Assertions.tuple("accuracy", true),
                        org.assertj.core.api.Assertions.tuple("nll", true),
                        org.assertj.core.api.Assertions.tuple("ece", false));
        assertThat(verdicts.get(2).degradation().margin()).isEqualTo(0.5);
        assertThat(verdicts.get(0).degradation().margin()).isZero();
    }

    @Test
    void refusesScoringsOfDifferentRecords() {
        assertThatThrownBy(() -> new DegradationCheck.TopicComparison("t", ratings(new float[] {1}, new float[] {1}),
                ratings(new float[] {1, 2}, new float[] {1, 2})))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("t: the versions were scored on different records (1 RATING vs 2 RATING)");
    }

    private static ExampleLosses ratings(float[] predicted, float[] actual) {
        var acc = new MetricAccumulator(TaskKind.RATING).keepingExamples();
        for (int i = 0; i < predicted.length; i++) {
            acc.rating(predicted[i], actual[i]);
        }
        return acc.examples();
    }
}
