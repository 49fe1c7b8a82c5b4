package org.levistream.experiment.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.levistream.experiment.offline.GeneratedSplits;
import org.levistream.experiment.offline.OfflineSplits;
import org.levistream.ingest.split.SplitPlan;
import org.levistream.model.backbone.BackboneCatalog;
import org.levistream.model.levi.Method;

@Timeout(120)
class OfflineExperimentTest {

    @Test
    void eachBenchmarkTapsItsOwnPretrainedBackbone() {
        assertThat(OfflineExperiment.backboneName("movielens")).isEqualTo("movielens");
        assertThat(OfflineExperiment.backboneName("digits")).isEqualTo("fashion-mnist");
        assertThat(OfflineExperiment.backboneName("movielens-lm")).isEqualTo("minilm-l6");
        assertThat(OfflineExperiment.backboneName("amazon")).isEqualTo("minilm-l6");
    }

    @Test
    void movieLensLmRunsEveryMethodFineTuningIncluded() {
        // FT, LP-FT and WiSE-FT fine-tune MiniLM's top layers over the item texts (MovieLensLmFineTuneTest).
        OfflineExperiment.checkMethods("movielens-lm", List.of(Method.LEVI, Method.LP, Method.FT, Method.LP_FT,
                Method.WISE_FT));
        OfflineExperiment.checkMethods("movielens-lm", OfflineExperiment.FROZEN_METHODS.stream()
                .map(m -> Method.valueOf(m.toUpperCase(Locale.ROOT).replace('-', '_'))).toList());
        assertThat(OfflineExperiment.isMovieLens("movielens-lm")).isTrue();
    }

    @Test
    void amazonWithoutItsCataloguedMiniLmNamesTheCommandsAndSmallOnlyStillRuns(@TempDir Path dir)
            throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            String text = (i % 2 == 0 ? "delicious, buy it" : "stale, avoid") + (i % 4 == 0 ? " for the dog" : "");
            lines.add(String.format(Locale.ROOT, "{\"reviewerID\":\"r%d\",\"asin\":\"B%d\",\"overall\":%s,"
                    + "\"unixReviewTime\":%d,\"reviewText\":\"%s\"}", i, i, i % 2 == 0 ? "5.0" : "1.0",
                    1_262_304_000L + i, text));
        }
        Files.createDirectories(dir.resolve("data/amazon"));
        Files.write(dir.resolve("data/amazon/fine-foods.jsonl"), lines);
        OfflineSplits splits = OfflineExperiment.load("amazon", dir.resolve("data"),
                SplitPlan.load(Path.of("..", "config", "split-amazon.yaml")),
                OfflineExperiment.limits("amazon", 0.1, -1, -1, false));
        var run = new OfflineExperiment.Run("amazon", "t", 0, 0, dir.resolve("out"), "levi experiment", false);
        var console = new PrintWriter(new StringWriter());
        BackboneCatalog none = BackboneCatalog.open(dir.resolve("no-backbones"));

        assertThatThrownBy(() -> OfflineExperiment.run(run, splits, none, settings(Method.LEVI, Method.SMALL_ONLY),
                Device.cpu(), console))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("scripts/fetch-data.sh --only minilm")
                .hasMessageContaining("levi pretrain --backbone minilm-l6");
        OfflineExperiment.run(run, splits, none, settings(Method.SMALL_ONLY), Device.cpu(), console);
        assertThat(Files.readString(dir.resolve("out/amazon-t.md")))
                .contains("| small-only |", "id-test accuracy", "ood.pet-food accuracy", "ood.pet-food nll");
    }

    /**
     * A resume folder made before the fine-tuning cap existed holds uncapped runs; an uncapped run must still resume
     * it, and a capped one must not.
     */
    @Test
    void theFineTuningCapEntersARunsIdentityOnlyWhenSet(@TempDir Path dir) throws IOException {
        OfflineSplits splits = GeneratedSplits.ratings(dir);
        var run = new OfflineExperiment.Run("movielens", "t", 0, 0, dir.resolve("out"), "levi experiment", false);
        BackboneCatalog none = BackboneCatalog.open(dir.resolve("no-backbones"));
        List<Method> methods = List.of(Method.SMALL_ONLY);

        Map<String, String> uncapped = OfflineExperiment.identity(run, "movielens", splits, none,
                new ProtocolSettings(methods, List.of(1L), 3, 64, Map.of(), 0, false, 1, SearchSpace.FULL, 0, 0));
        Map<String, String> capped = OfflineExperiment.identity(run, "movielens", splits, none,
                new ProtocolSettings(methods, List.of(1L), 3, 64, Map.of(), 0, false, 1, SearchSpace.FULL, 0, 2));

        assertThat(uncapped).doesNotContainKey("fine-tune max epochs").containsKey("batch size");
        assertThat(capped).containsEntry("fine-tune max epochs", "2");
        FinishedRuns.open(dir.resolve("runs"), uncapped, "c1");
        assertThat(FinishedRuns.open(dir.resolve("runs"), uncapped, "c2").dir()).isEqualTo(dir.resolve("runs"));
        assertThatThrownBy(() -> FinishedRuns.open(dir.resolve("runs"), capped, "c2"))
                .hasMessageContaining("fine-tune max epochs = null but this run has fine-tune max epochs = 2");
    }

    private static ProtocolSettings settings(Method... methods) {
        return new ProtocolSettings(List.of(methods), List.of(1L), 1, 20, Map.of(), 0, false);
    }

    @Test
    void aRunNamesAKnownBenchmarkAndAColdStartShareBelowOne() {
        assertThatThrownBy(() -> new OfflineExperiment.Run("imagenet", null, 0, 0, Path.of("out"), "levi", false))
                .hasMessage("benchmark was imagenet but must be one of [movielens, digits, amazon, movielens-lm]");
        assertThatThrownBy(() -> new OfflineExperiment.Run("movielens", null, 1.0, 0, Path.of("out"), "levi", false))
                .hasMessage("unknownIds was 1.0 but must be in [0, 1)");
        assertThatThrownBy(() -> new OfflineExperiment.Run("movielens", null, 0.1, 5, Path.of("out"), "levi", false))
                .hasMessageStartingWith("idAdmission was 5 with unknownIds 0.1 but must be at least 0, and 0 when");
    }
}
