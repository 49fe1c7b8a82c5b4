package org.levistream.evaluator.alerts;

import java.util.ArrayList;
import java.util.List;
import org.levistream.model.levi.TaskKind;
import org.levistream.model.metrics.Calibration;
import org.levistream.model.metrics.ExampleLosses;

/**
 * Tests every held-out topic's metrics of a candidate version against its reference version, on the same records
 * example by example, and corrects across all of them with Holm's procedure: more topics must not mean more false
 * alarms. Ratings are tested on RMSE (delta method) and MAE (paired t); classes on accuracy (exact McNemar), NLL
 * (paired t) and ECE (paired bootstrap).
 */
public final class DegradationCheck {
    private DegradationCheck() {
    }

    /**
     * One topic's two scorings.
     *
     * @param topic     the held-out topic
     * @param candidate the candidate's per-example terms
     * @param reference the reference's, on the same records in the same order
     */
    public record TopicComparison(String topic, ExampleLosses candidate, ExampleLosses reference) {
        /** Checks that both versions scored the same records. */
        public TopicComparison {
            if (candidate.size() != reference.size() || candidate.task() != reference.task()) {
                throw new IllegalArgumentException(topic + ": the versions were scored on different records ("
                        + candidate.size() + " " + candidate.task() + " vs " + reference.size() + " "
                        + reference.task() + ")");
            }
        }
    }

    /**
     * One metric of one topic, tested.
     *
     * @param topic       the topic
     * @param degradation the test's outcome
     * @param degraded    whether it is rejected after Holm's correction: the candidate is worse by more than the
     *                    margin
     */
    public record Verdict(String topic, Degradation degradation, boolean degraded) {
        /** The key of the condition it is about: {@code topic/metric}. */
        public String condition() {
            return topic + "/" + degradation.metric();
        }
    }

    /**
     * Tests a version.
     *
     * @param topics   the held-out topics, each with both scorings
     * @param settings margin, alpha and bootstrap settings
     * @return one verdict per topic and metric, in the order of the topics
     */
    public static List<Verdict> check(List<TopicComparison> topics, AlertSettings settings) {
        List<String> names = new ArrayList<>();
        List<Degradation> tests = new ArrayList<>();
        for (TopicComparison t : topics) {
            for (Degradation d : tests(t, settings)) {
                names.add(t.topic());
                tests.add(d);
            }
        }
        boolean[] rejected = Holm.reject(tests.stream().mapToDouble(Degradation::pValue).toArray(), settings.alpha());
        List<Verdict> verdicts = new ArrayList<>();
        for (int i = 0; i < tests.size(); i++) {
            verdicts.add(new Verdict(names.get(i), tests.get(i), rejected[i]));
        }
        return verdicts;
    }

    private static List<Degradation> tests(TopicComparison t, AlertSettings s) {
        ExampleLosses c = t.candidate();
        ExampleLosses r = t.reference();
        if (c.task() == TaskKind.RATING) {
            return List.of(PairedTests.rmse(c.squaredErrors(), r.squaredErrors(), s.marginFor("rmse")),
                    PairedTests.meanLoss("mae", c.absoluteErrors(), r.absoluteErrors(), s.marginFor("mae")));
        }
        double[] confC = c.confidence();
        boolean[] rightC = c.correct();
        double[] confR = r.confidence();
        boolean[] rightR = r.correct();
        return List.of(PairedTests.accuracy(rightC, rightR, s.marginFor("accuracy")),
                PairedTests.meanLoss("nll", c.nll(), r.nll(), s.marginFor("nll")),
                PairedTests.bootstrap("ece", c.size(), idx -> Calibration.ece(confC, rightC, idx),
                        idx -> Calibration.ece(confR, rightR, idx), s.marginFor("ece"), s.resamples(),
                        s.seed() ^ t.topic().hashCode()));
    }
}
