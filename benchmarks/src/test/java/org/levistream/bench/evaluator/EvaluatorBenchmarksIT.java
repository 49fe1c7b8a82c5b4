package org.levistream.bench.evaluator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Both evaluator benchmarks at their smoke-test sizes, each on its own embedded stack as the command runs them: the
 * report has its rows and its counts add up, the evaluator compared every version with the reference the rule
 * names, and the figures are in range. The figures themselves are what the benchmarks are for, not asserted here.
 */
@Tag("integration")
@Timeout(120)
class EvaluatorBenchmarksIT {
    private final StringWriter text = new StringWriter();
    private final PrintWriter out = new PrintWriter(text, true);

    @Test
    void alertsReportsEveryKindOfVersionAgainstTheRightReference() throws Exception {
        AlertsBenchmark.Options o = AlertsBenchmark.Options.quick(3);

        AlertsBenchmark.Result r = EvaluatorBenchmarks.alerts(o, out);

        // The first version of each experiment has no reference, so it is not a trial.
        assertThat(r.noWorse().raised().trials()).isEqualTo(o.noWorse() - 1);
        assertThat(r.effects()).extracting(AlertsBenchmark.Row::shift).containsExactlyElementsOf(o.effects());
        assertThat(r.effects()).allSatisfy(e -> assertThat(e.raised().trials()).isEqualTo(o.perEffect()));
        assertThat(r.between().raised().trials()).isEqualTo(o.effects().size() * (o.perEffect() - 1));
        for (AlertsBenchmark.Row row : r.effects()) {
            assertThat(row.raised().low()).isBetween(0.0, row.raised().rate());
            assertThat(row.raised().high()).isBetween(row.raised().rate(), 1.0);
            assertThat(row.leftOpen().count()).isGreaterThanOrEqualTo(row.raised().count());
        }
        assertThat(r.references()).as("alerts naming another reference than the rule's").isZero();
        assertThat(r.effects().get(r.effects().size() - 1).oodRmseDiff())
                .as("labels shifted by +1 make a truly worse version").isPositive();
        assertThat(text.toString()).contains("no worse (other seeds)", "labels +0.25", "labels +1.00",
                "false-alarm rate", "detection at labels +1.00");
    }

    @Test
    void evaluatorTimesEveryVersionAndItsScoringAgainstMemory() throws Exception {
        LatencyBenchmark.Options o = LatencyBenchmark.Options.quick(3);

        LatencyBenchmark.Result r = EvaluatorBenchmarks.evaluator(o, out);

        assertThat(r.rounds()).hasSize(o.versions()).allSatisfy(round -> {
            assertThat(round.scored()).as("every record of the three topics").isEqualTo(3L * o.records());
            assertThat(round.latencyMillis()).isPositive();
            assertThat(round.appPerSec()).isPositive();
            assertThat(round.memoryPerSec()).isPositive();
            assertThat(round.decodingPerSec()).isPositive();
        });
        assertThat(r.maxLatency()).isGreaterThanOrEqualTo(r.medianLatency());
        assertThat(text.toString()).contains("latency (CheckpointEvent acknowledged -> last metric read",
                "scoring: evaluator slices", "ratio");
    }
}
