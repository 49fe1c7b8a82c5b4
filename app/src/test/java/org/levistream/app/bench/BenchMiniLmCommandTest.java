package org.levistream.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.levistream.app.LeviCommands;

/** The command line of {@code levi bench minilm}: help and refusals; the comparison itself is a program. */
class BenchMiniLmCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int levi(String... args) {
        return LeviCommands.run(out, err, args);
    }

    @Test
    void isListedUnderBenchWithItsHelp() {
        assertThat(levi("bench", "minilm", "--help")).isZero();
        assertThat(out.toString()).contains("Usage: levi bench minilm", "ONNX Runtime", "ratio of the medians");
    }

    @Test
    void namesTheFetchCommandWhenTheModelIsMissing(@TempDir Path data) {
        assertThat(levi("bench", "minilm", "--data-dir", data.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("scripts/fetch-data.sh --only minilm");
    }

    @Test
    void refusesAnEmptyBatch() {
        assertThat(levi("bench", "minilm", "--batch", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--batch was 0");
    }
}
