package org.levistream.experiment.offline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.levistream.common.config.InvalidConfigException;
import org.levistream.ingest.split.SplitPlan;
import org.levistream.model.levi.Method;

@Timeout(120)
class AmazonSplitsTest {
    private static final String SPLIT = """
            records: interactions
            rules:
              - match: {text: [dog, cat]}
                to: ood.pet-food
              - match: {sample: {fraction: 0.2, seed: 3}}
                to: holdout
              - to: live
            """;

    @TempDir
    Path dir;

    /**
     * Reviews in the fetch script's layout: every fifth mentions a dog or a cat; even ones are great (overall 5,
     * praising words), odd ones other (overall 1, complaining words), so the classes can be told apart by words.
     */
    private Path reviews(int n) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean great = i % 2 == 0;
            String words = great ? "delicious wonderful fresh, will buy again" : "stale awful bland, never again";
            String pet = i % 5 == 0 ? (i % 10 == 0 ? " my dog agrees" : " the Cat agrees") : "";
            lines.add(String.format(Locale.ROOT, "{\"reviewerID\":\"generated-reviewer-%05d\",\"asin\":\"B%05d\","
                    + "\"overall\":%s,\"unixReviewTime\":%d,\"reviewText\":\"%s%s\",\"score\":\"%s\","
                    + "\"generated\":[\"reviewerID\",\"unixReviewTime\"]}", i, i, great ? "5.0" : "1.0",
                    1_262_304_000L + 3600L * i, words, pet, great ? "great" : "other"));
        }
        return Files.write(dir.resolve("fine-foods.jsonl"), lines);
    }

    @Test
    void routesPetReviewsToOodAndLabelsFiveStarsAsGreat() throws IOException {
        OfflineSplits s = AmazonSplits.load(reviews(500), SplitPlan.parse(SPLIT, "test split"),
                new LoadSettings(0.1, 1, 0, 0, 0, 0, false));

        assertThat(s.ood()).containsOnlyKeys("ood.pet-food");
        TextSet pets = (TextSet) s.ood().get("ood.pet-food");
        assertThat(pets.size()).isEqualTo(100);
        // Reviews 0, 10, 20, ... (dog) are even, so great; 5, 15, ... (cat) are odd, so other.
        assertThat(pets.label(0)).isEqualTo(TextSet.GREAT);
        assertThat(pets.label(1)).isEqualTo(TextSet.OTHER);
        assertThat(s.train().size() + s.validation().size() + s.idTest().size()).isEqualTo(400);
        assertThat(s.idTest().size()).isBetween(50, 110);
        assertThat(s.validation().size()).isBetween(15, 50);
        assertThat(s.pretrain().size()).isZero();
    }

    @Test
    void refusesASplitWhoseOodSetGetsNoReview() throws IOException {
        Path file = reviews(50);
        SplitPlan plan = SplitPlan.parse(SPLIT.replace("[dog, cat]", "[parrot]"), "test split");

        assertThatThrownBy(() -> AmazonSplits.load(file, plan, new LoadSettings(0.1, 1, 0, 0, 0, 0, false)))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("ood.pet-food received no record");
    }

    @Test
    void theSmallTextModelLearnsWordsThatTellTheClassesApart() throws IOException {
        OfflineSplits s = AmazonSplits.load(reviews(400), SplitPlan.parse(SPLIT, "test split"),
                new LoadSettings(0.1, 1, 0, 0, 0, 0, false));

        try (ModelRun run = ModelRun.create(Recipes.spec(s.train(), Method.SMALL_ONLY, 1e-2f, 1, 0, Map.of()), null,
                Device.cpu(), 0)) {
            double before = run.evaluate(s.ood().get("ood.pet-food")).get("accuracy");
            run.train(s.train(), 3, 50, 1, null);

            assertThat(run.evaluate(s.idTest()).get("accuracy")).isEqualTo(1.0);
            assertThat(run.evaluate(s.ood().get("ood.pet-food")).get("accuracy")).isEqualTo(1.0).isGreaterThan(before);
        }
    }
}
