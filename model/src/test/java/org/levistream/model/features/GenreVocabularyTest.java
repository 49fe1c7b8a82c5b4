package org.levistream.model.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class GenreVocabularyTest {
    private final GenreVocabulary vocabulary = new GenreVocabulary(List.of("Drama", "Sci-Fi", "Children"));

    @Test
    void findsAGenreHoweverItIsSpelled() {
        assertThat(List.of("Drama", "drama", " DRAMA ", "Sci-Fi", "sci-fi", "Children", "Children's", "children's"))
                .extracting(vocabulary::indexOf).containsExactly(0, 0, 0, 1, 1, 2, 2, 2);
        assertThat(vocabulary.indexOf("Horror")).isEqualTo(-1);
    }

    @Test
    void multiHotSetsKnownGenresClearsTheRestAndReturnsTheUnknown() {
        float[] row = {9f, 9f, 9f, 9f, 9f};

        List<String> unknown = vocabulary.multiHotInto(List.of("children's", "Horror", "Drama", "IMAX"), row, 1);

        assertThat(row).containsExactly(9f, 1f, 0f, 1f, 9f);
        assertThat(unknown).containsExactly("Horror", "IMAX");
        assertThat(vocabulary.multiHotInto(List.of("Sci-Fi"), row, 1)).isEmpty();
        assertThat(row).containsExactly(9f, 0f, 1f, 0f, 9f);
    }

    @Test
    void aVocabularyWithoutChildrenDoesNotKnowChildrens() {
        var noChildren = new GenreVocabulary(List.of("Drama"));

        assertThat(noChildren.indexOf("Children's")).isEqualTo(-1);
        assertThatThrownBy(() -> new GenreVocabulary(List.of("Drama", " drama"))).hasMessageContaining("distinct");
    }
}
