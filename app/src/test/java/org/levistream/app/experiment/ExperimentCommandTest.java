package org.levistream.app.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.levistream.app.LeviCommands;
import org.levistream.experiment.protocol.SearchPoint;

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
    void evaluatesAClassFolderOodSetAddedToTheSplitFileAlone(@TempDir Path mine) throws IOException {
        // A user's own OOD set: 3 classes x 4 PNGs, dark digits on white paper, 20x20 (resized on reading).
        for (int label : new int[] {1, 4, 8}) {
            Path folder = Files.createDirectories(mine.resolve("folders").resolve(Integer.toString(label)));
            for (int n = 0; n < 4; n++) {
                BufferedImage image = new BufferedImage(20, 20, BufferedImage.TYPE_BYTE_GRAY);
                for (int y = 0; y < 20; y++) {
                    for (int x = 0; x < 20; x++) {
                        image.getRaster().setSample(x, y, 0, Math.abs(x - 10) <= label % 3 + n % 2 ? 0 : 255);
                    }
                }
                ImageIO.write(image, "png", folder.resolve(n + ".png").toFile());
            }
        }
        String shipped = Files.readString(Path.of("../config/split-digits.yaml"));
        Path split = mine.resolve("split-digits.yaml");
        Files.writeString(split, shipped
                .replace("\nsources:\n", "\nsources:\n  - {name: mine, type: image-folder, path: '"
                        + mine.resolve("folders").toAbsolutePath() + "', domain: mine, invert: true}\n")
                .replace("\nrules:\n", "\nrules:\n  - {name: mine, match: {domain: mine}, to: ood.mine}\n"));

        int code = levi("experiment", "--quick", "--benchmark", "digits", "--methods", "levi,lp", "--seeds", "1",
                "--out", results.toString(), "--split-digits", split.toString());

        assertThat(code).as(err.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(results.resolve("digits.json").toFile());
        assertThat(json.path("sets").path("ood.mine").asInt()).isEqualTo(12);
        assertThat(json.path("sets").path("id-test").asInt()).isEqualTo(100);   // the generated t10k: 100 images
        assertThat(json.path("methods")).hasSize(2);
        for (JsonNode method : json.path("methods")) {
            assertThat(method.path("scores").path("ood.mine").path("accuracy").path("runs")).hasSize(1);
        }
        assertThat(Files.readString(results.resolve("digits.md"))).contains("ood.mine accuracy");
    }

    @Test
    void rejectsABadSourceDeclarationWithExitTwoNamingIt(@TempDir Path dir) throws IOException {
        Path split = dir.resolve("split-digits.yaml");
        Files.writeString(split, Files.readString(Path.of("../config/split-digits.yaml"))
                .replace("\nsources:\n", "\nsources:\n  - {name: mine, type: png-folder, path: x, domain: mine}\n"));

        assertThat(levi("experiment", "--quick", "--benchmark", "digits", "--split-digits", split.toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("sources[0].type was 'png-folder' but must be one of [idx, image-folder,");
    }

    @Test
    void rejectsAMissingSourceFolderWithExitTwoNamingIt(@TempDir Path dir) throws IOException {
        Path split = dir.resolve("split-digits.yaml");
        Files.writeString(split, Files.readString(Path.of("../config/split-digits.yaml"))
                .replace("\nsources:\n", "\nsources:\n  - {name: mine, type: image-folder, path: /no/such, "
                        + "domain: mine}\n")
                .replace("\nrules:\n", "\nrules:\n  - {name: mine, match: {domain: mine}, to: ood.mine}\n"));

        assertThat(levi("experiment", "--quick", "--benchmark", "digits", "--split-digits", split.toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("source 'mine' (image-folder): path was '/no/such' but must be a folder "
                + "holding one folder per class");
    }

    @Test
    void amazonWithoutCataloguedMiniLmNamesTheCommandsThatMakeIt(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("data/amazon"));
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            lines.add(String.format(Locale.ROOT, "{\"reviewerID\":\"r%d\",\"asin\":\"B%d\",\"overall\":%s,"
                    + "\"unixReviewTime\":%d,\"reviewText\":\"%s\"}", i, i, i % 2 == 0 ? "5.0" : "1.0",
                    1_262_304_000L + i, i % 4 == 0 ? "good for the dog" : "fine snack"));
        }
        Files.write(dir.resolve("data/amazon/fine-foods.jsonl"), lines);

        int code = levi("experiment", "--benchmark", "amazon", "--methods", "small-only,lp", "--data-dir",
                dir.resolve("data").toString(), "--backbones", dir.resolve("none").toString(), "--split-amazon",
                "../config/split-amazon.yaml", "--out", results.toString());

        assertThat(code).isNotZero();
        assertThat(err.toString()).contains("scripts/fetch-data.sh --only minilm", "levi pretrain --backbone minilm-l6");
    }

    @Test
    void amazonSearchesEveryTopLayerCountLearningRateAndFactorForFineTuning() {
        assertThat(ExperimentCommand.fineTunePoints(List.of(1, 2), List.of(1e-4f, 1e-3f), List.of(0.1f)))
                .extracting(SearchPoint::label)
                .containsExactly("adam 1e-4 backbone×0.1 top 1", "adam 1e-3 backbone×0.1 top 1",
                        "adam 1e-4 backbone×0.1 top 2", "adam 1e-3 backbone×0.1 top 2");
    }

    @Test
    void movieLensLmTakesTheFineTuningSettingsAndChecksThemBeforeLoading() {
        // The settings are checked before the data load: a wrong one costs no MiniLM encoding.
        assertThat(levi("experiment", "--benchmark", "movielens-lm", "--methods", "lp,ft,lp-ft,wise-ft",
                "--ft-top-layers", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--ft-top-layers had 0 but each must be in [1, 6]")
                .doesNotContain("must keep the backbone frozen");
        assertThat(levi("experiment", "--benchmark", "movielens-lm", "--methods", "ft", "--ft-grid", "1")).isEqualTo(2);
        assertThat(err.toString()).contains("--ft-grid had 1.0 but each learning rate must be in (0, 1)");
    }

    @Test
    void refusesBadAmazonFineTuningSettingsAndQuickDataWithExitTwo() {
        assertThat(levi("experiment", "--benchmark", "amazon", "--ft-top-layers", "7")).isEqualTo(2);
        assertThat(err.toString()).contains("--ft-top-layers had 7 but each must be in [1, 6]");
        assertThat(levi("experiment", "--benchmark", "amazon", "--ft-grid", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--ft-grid had 0.0 but each learning rate must be in (0, 1)");
        assertThat(levi("experiment", "--benchmark", "amazon", "--epochs", "3", "--ft-max-epochs", "2")).isEqualTo(2);
        assertThat(err.toString()).contains("--ft-max-epochs was 2 but must be 0, or at least 1 under the convergence");
        assertThat(levi("experiment", "--benchmark", "amazon", "--methods", "small-only", "--quick")).isEqualTo(2);
        assertThat(err.toString()).contains("--quick has no generated data for --benchmark amazon");
        assertThat(levi("experiment", "--benchmark", "amazn")).isEqualTo(2);
        assertThat(err.toString()).contains("must be movielens, movielens-lm, digits, amazon or all");
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

    /**
     * A second invocation with --resume reads back every finished run instead of training it and writes the same
     * scores; changing what the runs depend on is refused, naming the setting.
     */
    @Test
    void resumeReadsBackFinishedRunsAndRefusesOtherSettings(@TempDir Path runs) throws IOException {
        String[] args = {"experiment", "--quick", "--benchmark", "movielens", "--methods", "small-only,lp",
            "--seeds", "1", "--patience", "1", "--max-epochs", "2", "--budget", "--resume", runs.toString(),
            "--split-movielens", "../config/split-movielens.yaml", "--out", results.toString()};
        assertThat(levi(args)).as(err.toString()).isZero();
        JsonNode first = new ObjectMapper().readTree(results.resolve("movielens.json").toFile());
        String firstTable = Files.readString(results.resolve("movielens.md"));
        assertThat(firstTable).contains("0 runs read back from " + runs.resolve("movielens"), "6 trained now");

        assertThat(levi(args)).as(err.toString()).isZero();
        JsonNode second = new ObjectMapper().readTree(results.resolve("movielens.json").toFile());
        assertThat(Files.readString(results.resolve("movielens.md"))).contains("6 runs read back", "0 trained now");
        for (int m = 0; m < 2; m++) {
            assertThat(second.path("methods").get(m).path("scores"))
                    .isEqualTo(first.path("methods").get(m).path("scores"));
        }

        String[] smallerTests = java.util.Arrays.copyOf(args, args.length + 2);
        smallerTests[args.length] = "--test-limit";
        smallerTests[args.length + 1] = "50";
        assertThat(levi(smallerTests)).as("test sets are scored at the end: their caps may change").isZero();
        assertThat(Files.readString(results.resolve("movielens.md"))).contains("6 runs read back", "id-test=50");

        String[] otherBatch = java.util.Arrays.copyOf(args, args.length + 2);
        otherBatch[args.length] = "--batch-size";
        otherBatch[args.length + 1] = "50";
        assertThat(levi(otherBatch)).isEqualTo(2);
        assertThat(err.toString()).contains("batch size = 200", "batch size = 50");
    }

    @Test
    void rejectsContradictoryRulesUnknownSearchesAndWiseFtWithoutItsRunsWithExitTwo() {
        assertThat(levi("experiment", "--quick", "--search-seeds", "4")).isEqualTo(2);
        assertThat(err.toString()).contains("experiment.search.seeds was 4 but must be between 0 (all seeds) and the 3");
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
