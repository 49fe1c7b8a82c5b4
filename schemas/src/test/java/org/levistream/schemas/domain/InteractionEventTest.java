package org.levistream.schemas.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(10)
class InteractionEventTest {
    private static final Instant T = Instant.parse("2005-03-01T12:00:00.123456Z");

    @ParameterizedTest
    @ValueSource(floats = {0.49f, 5.01f, -1f, Float.NaN, Float.POSITIVE_INFINITY})
    void rejectsRatingsOutsideHalfToFiveAndNaN(float rating) {
        assertThatThrownBy(() -> InteractionEvent.builder("u", "i", rating, T).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rating was " + rating)
                .hasMessageContaining("[0.5, 5.0]");
    }

    @ParameterizedTest
    @ValueSource(floats = {0.5f, 3f, 5f})
    void acceptsRatingsOnTheScaleEnds(float rating) {
        assertThat(InteractionEvent.builder("u", "i", rating, T).build().rating()).isEqualTo(rating);
    }

    @Test
    void rejectsBlankIds() {
        assertThatThrownBy(() -> InteractionEvent.builder(" ", "i", 3f, T).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("userId was ' '");
        assertThatThrownBy(() -> InteractionEvent.builder("u", null, 3f, T).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("itemId was null");
    }

    @Test
    void rejectsBlankGenres() {
        assertThatThrownBy(() -> InteractionEvent.builder("u", "i", 3f, T).genres(List.of("Drama", "")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("genres");
    }

    @Test
    void truncatesEventTimeToMillisecondsAsOnTheWire() {
        assertThat(InteractionEvent.builder("u", "i", 3f, T).build().eventTime())
                .isEqualTo(Instant.parse("2005-03-01T12:00:00.123Z"));
    }

    @Test
    void copiesCollectionsSoLaterChangesDoNotLeakIn() {
        var genres = new ArrayList<>(List.of("Drama"));
        var context = new HashMap<>(Map.of("summary", "good"));
        var event = new InteractionEvent("u", "i", 3f, T, java.util.Optional.empty(), genres,
                java.util.OptionalInt.empty(), java.util.Optional.empty(), context);
        genres.add("Horror");
        context.put("x", "y");

        assertThat(event.genres()).containsExactly("Drama");
        assertThat(event.context()).containsOnlyKeys("summary");
        assertThatThrownBy(() -> event.genres().add("Comedy")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void toBuilderReproducesTheRecord() {
        var event = InteractionEvent.builder("u", "i", 4.5f, T).title("Heat").genres(List.of("Action", "Crime"))
                .releaseYear(1995).reviewText("tense").context("summary", "good").build();

        assertThat(event.toBuilder().build()).isEqualTo(event);
    }
}
