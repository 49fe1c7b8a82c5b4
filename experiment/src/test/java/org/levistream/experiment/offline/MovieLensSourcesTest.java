package org.levistream.experiment.offline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.levistream.common.config.InvalidConfigException;
import org.levistream.ingest.split.SplitPlan;

/** Interaction sources declared in the split file, as the MovieLens loader reads them. */
@Timeout(60)
class MovieLensSourcesTest {
    private static final String RULES = """
            rules:
              - match: {time: {until: 2003-01-01}}
                to: pretrain
              - match: {time: {from: 2009-01-01}}
                to: ood.late
              - match: {sample: {fraction: 0.2, seed: 3}}
                to: holdout
              - to: live
            """;
    private static final LoadSettings SETTINGS = new LoadSettings(0.2, 1, 0, 0, 0, 0, false);

    @TempDir
    Path data;

    @BeforeEach
    void generate() throws IOException {
        GeneratedData.write(data, 5);
    }

    private OfflineSplits load(String yaml) throws IOException {
        return MovieLensSplits.fromSources(data, data.resolve("glove/glove-100d.bin"),
                SplitPlan.parse(yaml, "split.yaml"), SETTINGS);
    }

    @Test
    void theDefaultSourceIsTheFetchScriptsCsv() throws IOException {
        String declared = "records: interactions\nsources:\n"
                + "  - {name: movielens, type: movielens-csv, path: movielens/movielens.csv}\n" + RULES;

        assertThat(load(declared).summary()).isEqualTo(load("records: interactions\n" + RULES).summary());
    }

    @Test
    void theShippedSplitFileDeclaresExactlyTheDefaultSource() {
        assertThat(SplitPlan.load(Path.of("../config/split-movielens.yaml")).sources())
                .containsExactly(MovieLensSplits.DEFAULT_SOURCE);
    }

    @Test
    void aSecondSourceInAnotherMovieLensFormatAddsItsRatings() throws IOException {
        Path more = Files.createDirectories(data.resolve("more"));
        long late = Instant.parse("2012-06-01T00:00:00Z").getEpochSecond();
        StringBuilder ratings = new StringBuilder("userId,movieId,rating,timestamp\n");
        for (int i = 0; i < 7; i++) {
            ratings.append(1000 + i).append(",5001,4.0,").append(late + i).append('\n');
        }
        Files.writeString(more.resolve("ratings.csv"), ratings);
        Files.writeString(more.resolve("movies.csv"), "movieId,title,genres\n5001,Star Road (1999),Drama\n");
        int before = load("records: interactions\n" + RULES).ood().get("ood.late").size();

        OfflineSplits s = load("records: interactions\nsources:\n"
                + "  - {name: movielens, type: movielens-csv, path: movielens/movielens.csv}\n"
                + "  - {name: more, type: movielens-csv, path: more/ratings.csv}\n" + RULES);

        assertThat(s.ood().get("ood.late").size()).isEqualTo(before + 7);
    }

    @Test
    void amazonReviewLinesAreASourceToo() throws IOException {
        long late = Instant.parse("2013-01-01T00:00:00Z").getEpochSecond();
        Files.createDirectories(data.resolve("amazon"));
        Files.writeString(data.resolve("amazon/reviews.json"), """
                {"reviewerID": "A1", "asin": "B01", "overall": 5.0, "unixReviewTime": %d, "reviewText": "good"}
                {"reviewerID": "A2", "asin": "B01", "overall": 2.0, "unixReviewTime": %d, "summary": "meh"}
                """.formatted(late, late + 60));
        int before = load("records: interactions\n" + RULES).ood().get("ood.late").size();

        OfflineSplits s = load("records: interactions\nsources:\n"
                + "  - {name: movielens, type: movielens-csv, path: movielens/movielens.csv}\n"
                + "  - {name: amazon, type: amazon-jsonl, path: amazon/reviews.json}\n" + RULES);

        assertThat(s.ood().get("ood.late").size()).isEqualTo(before + 2);
    }

    @Test
    void aMissingFileIsAnErrorNamingTheSource() {
        assertThatThrownBy(() -> load("records: interactions\nsources:\n"
                + "  - {name: amazon, type: amazon-jsonl, path: amazon/reviews.json}\n" + RULES))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("source 'amazon' (amazon-jsonl): path was 'amazon/reviews.json' ("
                        + data.resolve("amazon/reviews.json") + ") but must be an existing file");
    }
}
