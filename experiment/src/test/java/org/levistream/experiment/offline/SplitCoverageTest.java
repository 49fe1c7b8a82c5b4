package org.levistream.experiment.offline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.levistream.common.config.InvalidConfigException;
import org.levistream.ingest.split.SplitPlan;

/**
 * A split rule that names a genre or domain no record has, or an OOD set no record reaches, stops the load with the
 * rule, the value and the closest values the data has, instead of running without that OOD set.
 */
@Timeout(60)
class SplitCoverageTest {
    @TempDir
    Path dir;

    @Test
    void aMisspeltGenreNamesTheRuleTheValueAndTheClosestGenres() throws IOException {
        GeneratedData.write(dir, 5);
        SplitPlan plan = SplitPlan.parse("""
                records: interactions
                rules:
                  - name: ood-genres
                    match: {genres: {anyOf: [Horor]}}
                    to: ood.genres
                  - match: {time: {from: 2003-01-01}, sample: {fraction: 0.1, seed: 3}}
                    to: holdout
                  - to: live
                """, "test split");

        assertThatThrownBy(() -> MovieLensSplits.load(dir.resolve("movielens/movielens.csv"),
                dir.resolve("glove/glove-100d.bin"), plan, new LoadSettings(0.1, 1, 0, 0, 0, 0, false)))
                .isInstanceOf(InvalidConfigException.class)
                .satisfies(e -> assertThat(((InvalidConfigException) e).problems()).containsExactly(
                        "split rule 'ood-genres': match.genres names 'Horor', which no record has; closest: Horror, "
                                + "Action, Comedy",
                        "split: ood.genres received no record, so it would measure nothing; check the conditions of "
                                + "the rules that send records there"));
    }

    @Test
    void aMisspeltDomainIsCaughtAsWellAndACorrectPlanLoads() throws IOException {
        GeneratedData.write(dir, 5);
        String rules = """
                records: images
                rules:
                  - match: {domain: {anyOf: [%s]}}
                    to: ood.digits
                  - match: {domain: {anyOf: [mnist]}, sample: {fraction: 0.1, seed: 3}}
                    to: holdout
                  - match: {domain: {anyOf: [mnist]}}
                    to: live
                """;
        LoadSettings settings = new LoadSettings(0.1, 1, 0, 0, 0, 0, false);

        assertThatThrownBy(() -> DigitsSplits.load(dir, SplitPlan.parse(rules.formatted("optical-digit"), "t"),
                settings)).hasMessageContaining("names 'optical-digit', which no record has; closest: optical-digits");
        assertThat(DigitsSplits.load(dir, SplitPlan.parse(rules.formatted("optical-digits"), "t"), settings).ood()
                .get("ood.digits").size()).isPositive();
    }

    @Test
    void closestRanksByEditDistance() {
        assertThat(SplitCoverage.closest("Childern", Set.of("Children", "Comedy", "Crime", "Drama")))
                .startsWith("Children");
    }
}
