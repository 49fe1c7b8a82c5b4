package org.levistream.app.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.levistream.app.LeviCommands;

@Timeout(180)
class ExperimentCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path results;

    private static final String[] SPLITS = {"--split-movielens", "../config/split-movielens.yaml",
        "--split-digits", "../config/split-digits.yaml"};

    private int levi(String... args) {
        return LeviCommands.run(out, err, args);
    }

    @Test
    // Its run time (under a minute on a quiet 2-core machine) is measured by hand, not asserted: timed tests
    // fail on a loaded CI machine and prove nothing about speed.
    void quickRunWritesTablesAndChartsForBothBenchmarks() throws IOException {
        int code = levi("experiment", "--quick", "--out", results.toString(),
                "--split-movielens", "../config/split-movielens.yaml", "--split-digits", "../config/split-digits.yaml");

        assertThat(code).as(err.toString()).isZero();
        assertThat(Files.readString(results.resolve("movielens.md")))
                .contains("| levi |", "| ft |", "| lp |", "| lp-ft |", "| small-only |", "| levi-last-layer |",
                        "id-test rmse", "ood.late-users rmse", "levi experiment --quick");
        assertThat(Files.readString(results.resolve("digits.md")))
                .contains("id-test accuracy", "ood.rotated accuracy", "ood.digits nll");
        JsonNode json = new ObjectMapper().readTree(results.resolve("digits.json").toFile());
        assertThat(json.path("settings").path("seeds")).hasSize(3);
        assertThat(json.path("methods").get(0).path("scores").path("ood.rotated").path("accuracy").path("runs"))
                .hasSize(3);
        assertThat(Files.readString(results.resolve("movielens.svg"))).startsWith("<svg").contains("<circle");
    }

    @Test
    void aBudgetConvergenceRunSaysSoAndRecordsEpochsSettingsAndWiseFtsAlpha() throws IOException {
        int code = levi("experiment", "--quick", "--benchmark", "digits", "--methods", "lp,ft,lp-ft,wise-ft",
                "--seeds", "1", "--patience", "1", "--max-epochs", "2", "--budget", "--out", results.toString(),
                "--split-digits", "../config/split-digits.yaml");

        assertThat(code).as(err.toString()).isZero();
        assertThat(Files.readString(results.resolve("digits.md")))
                .contains("**budget run**", "has not improved for 1 epochs (at most 2 epochs)", "| wise-ft | α=",
                        "| method | setting | epochs |", "backbone×0.1 → ");
        JsonNode json = new ObjectMapper().readTree(results.resolve("digits.json").toFile());
        assertThat(json.path("settings").path("rule").asText()).isEqualTo("convergence");
        assertThat(json.path("settings").path("search").asText()).isEqualTo("budget");
        JsonNode ft = json.path("methods").get(1);
        assertThat(ft.path("optimizer").asText()).isIn("sgd", "adam");
        assertThat(ft.path("epochs")).hasSize(1);
        assertThat(ft.path("validationBySetting")).hasSize(6);
        assertThat(json.path("methods").get(3).path("alpha").asDouble()).isBetween(0.0, 1.0);
    }

    @Test
    void rejectsContradictoryRulesUnknownSearchesAndWiseFtWithoutItsRunsWithExitTwo() {
        assertThat(levi("experiment", "--quick", "--epochs", "8", "--patience", "2")).isEqualTo(2);
        assertThat(err.toString()).contains("--epochs is the fixed rule, which has no patience");
        assertThat(levi("experiment", "--quick", "--search", "magic")).isEqualTo(2);
        assertThat(err.toString()).contains("--search was magic but must be paper, full or budget");
        assertThat(levi("experiment", "--quick", "--methods", "ft,wise-ft")).isEqualTo(2);
        assertThat(err.toString()).contains("wise-ft needs lp and ft too");
        assertThat(levi("experiment", "--quick", "--grid", "1e-3", "--optimizers", "rmsprop")).isEqualTo(2);
        assertThat(err.toString()).contains("--optimizers had rmsprop but each must be sgd or adam");
        assertThat(levi("experiment", "--quick", "--grid", "1e-3", "--backbone-factors", "2")).isEqualTo(2);
        assertThat(err.toString()).contains("--backbone-factors had 2.0 but each must be in [0, 1]");
    }

    @Test
    void rejectsAnUnknownMethodWithExitTwo() {
        assertThat(levi("experiment", "--quick", "--methods", "levi,magic", SPLITS[0], SPLITS[1])).isEqualTo(2);
        assertThat(err.toString()).contains("--methods had magic");
    }

    @Test
    void rejectsOverridingTheLearningRateWithExitTwo() {
        assertThat(levi("experiment", "--quick", "--set", "model.optimizer.learning.rate=0.5")).isEqualTo(2);
        assertThat(levi("experiment", "--quick", "--split-movielens", "missing.yaml")).isEqualTo(2);
        assertThat(err.toString()).contains("split file missing.yaml does not exist");
        assertThat(err.toString()).contains("may not set the learning rate");
    }
}
