package org.levistream.model.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class ItemContentFeaturizerTest {
    @TempDir
    Path dir;

    @Test
    void writesTitleMeanGenreMultiHotAndScaledYear() throws IOException {
        var genres = new GenreVocabulary(List.of("Drama", "Sci-Fi", "Children"));
        var featurizer = new ItemContentFeaturizer(TinyGlove.vectors(dir), genres, 1990f, 20f);
        float[] row = new float[featurizer.width()];

        featurizer.featurize(Optional.of("The Sci-Fi"), List.of("sci-fi", "Children's", "Horror"), OptionalInt.of(2000),
                row, 0);

        assertThat(featurizer.width()).isEqualTo(3 + 3 + 2);
        // (the + sci + fi) / 3 = (1, 2, 4) / 3; Horror is not in the vocabulary; (2000 - 1990) / 20 = 0.5
        assertThat(row).usingComparatorWithPrecision(1e-6f)
                .containsExactly(1f / 3, 2f / 3, 4f / 3, 0f, 1f, 1f, 0.5f, 1f);
    }

    @Test
    void unknownTitleAndYearGiveZerosAndAnUnsetYearFlag() throws IOException {
        var featurizer = ItemContentFeaturizer.movieLens(TinyGlove.vectors(dir));
        float[] row = new float[featurizer.width()];
        java.util.Arrays.fill(row, 7f);

        featurizer.featurize(Optional.empty(), List.of(), OptionalInt.empty(), row, 0);

        assertThat(featurizer.width()).isEqualTo(3 + 19 + 2);
        assertThat(row).containsOnly(0f);
    }
}
