package org.levistream.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.levistream.app.LeviCommands;

/**
 * The command lines of {@code levi bench alerts} and {@code levi bench evaluator}: help and refusals. What they
 * measure is tested with the benchmarks in the benchmarks module ({@code EvaluatorBenchmarksIT}).
 */
class BenchEvaluatorCommandsTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int levi(String... args) {
        return LeviCommands.run(out, err, args);
    }

    @Test
    void alertsHelpTeachesWhatIsMeasuredWithTheDefaults() {
        assertThat(levi("bench", "alerts", "--help")).isZero();
        assertThat(out.toString()).contains("Usage: levi bench alerts", "false alarms", "detection",
                "(default: 200)", "(default: 0.2,0.3,0.5)", "(default: 40)", "(default: 2000)", "(default: 5%)",
                "--quick", "levi bench alerts --quick");
    }

    @Test
    void evaluatorHelpTeachesWhatIsMeasuredWithTheDefaults() {
        assertThat(levi("bench", "evaluator", "--help")).isZero();
        assertThat(out.toString()).contains("Usage: levi bench evaluator", "latency", "read_committed", "scoring",
                "(default: 5)", "(default: 10000)", "--quick");
    }

    @Test
    void aShiftOutsideTheScaleExitsTwoWithOneLine() {
        assertThat(levi("bench", "alerts", "--effects", "0.1,9")).isEqualTo(2);
        assertThat(err.toString().lines()).singleElement().asString().startsWith("levi bench alerts: --versions was "
                + "200, --per-effect 40, --sample 2000 and --effects [0.1, 9.0] but they must");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void noTimedVersionExitsTwoWithOneLine() {
        assertThat(levi("bench", "evaluator", "--versions", "0")).isEqualTo(2);
        assertThat(err.toString().lines()).singleElement().asString().startsWith("levi bench evaluator: "
                + "--versions was 0");
    }

    @Test
    void anUnknownModelExitsTwoNamingTheChoices() {
        assertThat(levi("bench", "evaluator", "--model", "resnet")).isEqualTo(2);
        assertThat(err.toString().lines()).singleElement().asString()
                .startsWith("levi bench evaluator: --model was 'resnet' but must be small-only or levi");
    }
}
