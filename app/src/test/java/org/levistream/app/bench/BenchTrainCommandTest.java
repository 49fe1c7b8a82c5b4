package org.levistream.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.levistream.app.LeviCommands;

/**
 * The command line of {@code levi bench train}: its options, exit codes and output. What it measures, and the
 * PyTorch peer, are tested with the benchmark in the benchmarks module.
 */
@Timeout(180)
class BenchTrainCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int levi(String... args) {
        return LeviCommands.run(out, err, args);
    }

    @Test
    void helpNamesEveryOptionWithItsDefault() {
        assertThat(levi("bench", "train", "--help")).isZero();
        assertThat(out.toString()).contains("Usage: levi bench train", "--threads=<threads>", "(default: 1)",
                "(default: 300)", "(default: 50)", "(default: all)", "(default: /usr/bin/python3",
                "(default: bench/levi_step.py)", "--no-python", "levi bench train --task rating --no-python");
    }

    /** Caught before the engine starts. */
    @Test
    void unknownTaskExitsTwoWithOneLine() {
        assertThat(levi("bench", "train", "--task", "audio")).isEqualTo(2);
        assertThat(err.toString().lines()).singleElement().asString().isEqualTo(
                "levi bench train: --task was audio but must be rating, image, text or all (see 'levi bench train --help')");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void theTextTaskWithoutItsDataNamesTheFetchCommand(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        assertThat(levi("bench", "train", "--task", "text", "--data-dir", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--task text needs", "scripts/fetch-data.sh --only amazon,minilm");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void fewerThanOneThreadExitsTwoWithOneLine() {
        assertThat(levi("bench", "train", "--threads", "0")).isEqualTo(2);
        assertThat(err.toString().lines()).singleElement().asString().isEqualTo(
                "levi bench train: --threads was 0 but must be at least 1 (see 'levi bench train --help')");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void ratingBenchLabelsTheTwoTowerBackboneAndCountsParameters() {
        int code = levi("bench", "train", "--task", "rating", "--steps", "2", "--warmup", "1", "--no-python");

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString())
                .containsPattern("^engine \\S+ \\S+, 1 thread\\(s\\), cpu\\(\\), JDK ")
                .contains("recommendation: TWO_TOWER input 244: content 121", "taps content1(64) content2(32) "
                        + "context1(64) context2(32) joint1(64) joint2(32)", "hashed ids 2 x 16384 x 16",
                        "LEVI, no tap cache", "LEVI, tap cache (warm)", "FT (backbone trains)", "ratios: LEVI/FT")
                .containsPattern("trainable parameters: LEVI [\\d,]+, FT [\\d,]+")
                .doesNotContain("images:", "MLP backbone", "ours/PyTorch");
    }
}
