package org.levistream.experiment.offline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.levistream.ingest.split.SplitPlan;

/**
 * A user's context may draw only on what the protocol lets the example see: the training world (pre-training and
 * live ratings) and the example's own set's earlier ratings, never another held-out or OOD set's. A temporal split
 * with OOD after ID gets that for free; this split is item-side (Horror is OOD, Comedy is the ID test set, whenever
 * rated), so ID and OOD ratings interleave in time and the loader must keep them apart.
 *
 * <p>The reference for "cannot see set X" is the same split over a copy of the data without X's ratings: a set's rows
 * must be the same whether X's ratings exist or not.
 */
@Timeout(60)
class HistoryVisibilityTest {
    private static final String ITEM_SIDE = GeneratedSplits.ITEM_SIDE_SPLIT;

    @TempDir
    Path dir;

    @BeforeEach
    void data() throws IOException {
        GeneratedData.write(dir.resolve("all"), 5);
    }

    @Test
    void idExamplesDoNotSeeOodRatings() throws IOException {
        OfflineSplits all = load("all", ITEM_SIDE);
        // Without the OOD ratings the OOD rule matches nothing, and an empty OOD set is an error: leave the rule out.
        OfflineSplits withoutOod = load(withoutRatings("no-ood", genres -> genres.contains("Horror")),
                ITEM_SIDE.replace("""
                          - match: {genres: {anyOf: [Horror]}}
                            to: ood.horror
                        """, ""));

        assertThat(all.ood().get("ood.horror").size()).isPositive();
        assertSameRows(all.train(), withoutOod.train());
        assertSameRows(all.validation(), withoutOod.validation());
        assertSameRows(all.idTest(), withoutOod.idTest());
    }

    @Test
    void oodAndTrainingExamplesDoNotSeeIdTestRatings() throws IOException {
        OfflineSplits all = load("all", ITEM_SIDE);
        OfflineSplits withoutIdTest = load(withoutRatings("no-id-test",
                genres -> genres.contains("Comedy") && !genres.contains("Horror")), ITEM_SIDE);

        assertThat(all.idTest().size()).isPositive();
        assertSameRows(all.ood().get("ood.horror"), withoutIdTest.ood().get("ood.horror"));
        assertSameRows(all.train(), withoutIdTest.train());
    }

    @Test
    void evaluationExamplesSeeTheTrainingWorld() throws IOException {
        OfflineSplits all = load("all", ITEM_SIDE);
        OfflineSplits liveDropped = load("all", ITEM_SIDE.replace("  - to: live", "  - to: drop"));

        // Dropped ratings are seen by no one, so OOD contexts lose the live ratings they drew on.
        assertThat(differingRows(all.ood().get("ood.horror"), liveDropped.ood().get("ood.horror"))).isPositive();
    }

    private OfflineSplits load(String data, String split) throws IOException {
        return MovieLensSplits.load(dir.resolve(data).resolve("movielens/movielens.csv"),
                dir.resolve("all/glove/glove-100d.bin"), SplitPlan.parse(split, "item-side split"),
                new LoadSettings(0.1, 1, 0, 0, 0, 0, true));
    }

    /** Copies the generated data less the ratings from 2003 on whose genres match. */
    private String withoutRatings(String name, Predicate<String> genres) throws IOException {
        GeneratedSplits.withoutRatings(dir.resolve("all"), dir.resolve(name), genres);
        return name;
    }

    private static void assertSameRows(ExampleSet actual, ExampleSet expected) {
        assertThat(actual.size()).isEqualTo(expected.size()).isPositive();
        assertThat(differingRows(actual, expected)).as("rows of %s that differ", actual.name()).isZero();
    }

    /** Rows compared in order: removing another set's ratings changes no set's membership or order. */
    private static int differingRows(ExampleSet a, ExampleSet b) {
        RatingSet x = (RatingSet) a;
        RatingSet y = (RatingSet) b;
        int differing = 0;
        for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
            if (!Arrays.equals(x.row(i), y.row(i))) {
                differing++;
            }
        }
        return differing + Math.abs(x.size() - y.size());
    }
}
