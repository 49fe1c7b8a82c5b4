package org.levistream.model.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.levistream.model.task.IdHasher;

@Timeout(30)
class RecommendationFeaturizerTest {
    private static final Instant T0 = Instant.parse("2005-01-01T00:00:00Z");

    @TempDir
    Path dir;

    private static RatingExample rating(String user, String item, String title, float stars, long seconds) {
        return new RatingExample(user, item, stars, T0.plusSeconds(seconds), Optional.of(title), List.of("Drama"),
                OptionalInt.of(1990));
    }

    @Test
    void rowIsItemContentThenContextFromEarlierRatingsOnly() throws IOException {
        var content = new ItemContentFeaturizer(TinyGlove.vectors(dir), new GenreVocabulary(List.of("Drama")), 1990, 20);
        var featurizer = new RecommendationFeaturizer(content, new UserHistory(content.width(), 5, 100), 64, 100);
        int w = featurizer.backboneWidth();
        float[] rows = new float[3 * w];
        long[] ids = new long[3 * 2];

        featurizer.next(rating("u1", "i1", "sci", 5f, 0), rows, 0, ids, 0);
        featurizer.next(rating("u1", "i2", "fi", 2f, 0), rows, w, ids, 2);       // same instant: sees nothing
        featurizer.next(rating("u1", "i3", "the", 3f, 10), rows, 2 * w, ids, 4);

        int c = content.width(); // 3 GloVe + 1 genre + year + flag = 6
        assertThat(w).isEqualTo(c + c + 2);
        assertThat(Arrays.copyOfRange(rows, 0, c)).containsExactly(0f, 2f, 0f, 1f, 0f, 1f);
        assertThat(Arrays.copyOfRange(rows, c, w)).containsOnly(0f);
        assertThat(Arrays.copyOfRange(rows, w + c, 2 * w)).containsOnly(0f);
        // third: mean of items 1 and 2 (sci, fi), mean rating (5 + 2) / 2 - 3.5 = 0, 2 of 5 slots
        assertThat(Arrays.copyOfRange(rows, 2 * w + c, 3 * w))
                .containsExactly(0f, 1f, 2f, 1f, 0f, 1f, 0f, 0.4f);
        assertThat(ids).containsExactly(IdHasher.bucket("user-u1", 64), IdHasher.bucket("item-i1", 64),
                IdHasher.bucket("user-u1", 64), IdHasher.bucket("item-i2", 64),
                IdHasher.bucket("user-u1", 64), IdHasher.bucket("item-i3", 64));
    }

    @Test
    void featurizeWithoutRecordingLeavesTheHistoryAlone() throws IOException {
        var content = ItemContentFeaturizer.movieLens(TinyGlove.vectors(dir));
        var history = new UserHistory(content.width(), 5, 100);
        var featurizer = new RecommendationFeaturizer(content, history, 64, 100);
        float[] row = new float[featurizer.backboneWidth()];

        featurizer.featurize(rating("u1", "i1", "sci", 5f, 0), row, 0, new long[2], 0);

        assertThat(history.users()).isZero();
    }
}
