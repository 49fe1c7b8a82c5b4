package org.levistream.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.levistream.app.LeviCommands;

/**
 * The command line of {@code levi bench parity}: help and refusals. What it measures is tested in the benchmarks
 * module ({@code ParityIT}).
 */
class BenchParityCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path dir;

    private int levi(String... args) {
        return LeviCommands.run(out, err, args);
    }

    @Test
    void helpTeachesTheArmsTheCriteriaAndTheDefaults() {
        assertThat(levi("bench", "parity", "--help")).isZero();
        assertThat(out.toString()).contains("Usage: levi bench parity", "trainer.epochs", "within 1%",
                "standard deviation", "(default: levi,ft)", "(default: 1)", "(default: docs/results)", "--quick");
    }

    @Test
    void refusesAnUnknownBenchmarkAndMissingResultsWithOneLine() {
        assertThat(levi("bench", "parity", "--benchmark", "cifar")).isEqualTo(2);
        assertThat(err.toString().lines()).first().asString()
                .startsWith("levi bench parity: --benchmark was cifar but must be movielens or digits");

        err.getBuffer().setLength(0);
        assertThat(levi("bench", "parity", "--benchmark", "digits", "--results", dir.toString())).isEqualTo(2);
        assertThat(err.toString().lines()).first().asString().contains("--results was " + dir,
                "holds no digits.json", "levi experiment --benchmark digits");
    }
}
