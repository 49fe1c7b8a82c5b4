package org.levistream.model.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.levistream.model.backbone.bert.BertBackbone;
import org.levistream.model.backbone.bert.BertTokenizer;
import org.levistream.model.backbone.bert.MiniLmFixture;
import org.levistream.model.backbone.bert.TextViewTaps;
import org.levistream.model.cache.TextViews;

/**
 * Language-based MovieLens features: an item's row is its text's frozen MiniLM views, a user's context averages the
 * views of items rated strictly before, and {@link TextViewTaps} hands each layer to LEVI as
 * {@code [item view | user view | mean rating, fill]}.
 */
@Timeout(120)
class ItemTextViewsTest {
    private static final int VIEW = 7 * 384;
    private static BertTokenizer tokenizer;
    private static BertBackbone encoder;

    @BeforeAll
    static void load() {
        tokenizer = MiniLmFixture.tokenizer();
        encoder = MiniLmFixture.encoder();
    }

    @Test
    void anItemIsTitleYearAndNamedGenres() {
        assertThat(ItemTextViews.text(Optional.of("Dumbo"), List.of("Animation", "Children"), OptionalInt.of(1941)))
                .isEqualTo("Dumbo (1941). Animation, Children");
        assertThat(ItemTextViews.text(Optional.of("Heat "), List.of("(no genres listed)"), OptionalInt.empty()))
                .isEqualTo("Heat");
    }

    @Test
    void anItemsRowIsItsTextsViewsOneTapAfterAnother() {
        TextViews views = new TextViews(encoder, tokenizer);
        ItemTextViews content = new ItemTextViews(views);
        float[] row = new float[content.width() + 3];
        content.featurize(Optional.of("Dumbo"), List.of("Animation", "Children"), OptionalInt.of(1941), row, 3);

        float[][] expected = new TextViews(encoder, tokenizer).of("Dumbo (1941). Animation, Children");
        assertThat(content.width()).isEqualTo(VIEW);
        for (int k = 0; k < 7; k++) {
            assertThat(Arrays.copyOfRange(row, 3 + k * 384, 3 + (k + 1) * 384)).as("tap " + k)
                    .containsExactly(expected[k]);
        }
    }

    @Test
    void aUsersContextAveragesTheViewsOfItemsRatedStrictlyBefore() {
        TextViews views = new TextViews(encoder, tokenizer);
        RecommendationFeaturizer featurizer = new RecommendationFeaturizer(new ItemTextViews(views),
                new UserHistory(VIEW, 5, 100), 64, 100);
        RatingExample dumbo = rating("m1", "Dumbo", 4f, 1000);
        RatingExample heat = rating("m2", "Heat", 2f, 2000);
        RatingExample alien = rating("m3", "Alien", 5f, 2000);
        float[] row = new float[featurizer.backboneWidth()];
        long[] ids = new long[2];
        featurizer.next(dumbo, row, 0, ids, 0);
        assertThat(Arrays.copyOfRange(row, VIEW, 2 * VIEW + 2)).as("no earlier rating").containsOnly(0f);

        featurizer.next(heat, row, 0, ids, 0);
        float[] dumboView = views.of("Dumbo (1995). Drama")[6];
        assertThat(Arrays.copyOfRange(row, VIEW + 6 * 384, VIEW + 7 * 384)).containsExactly(dumboView);
        assertThat(row[2 * VIEW]).as("mean rating - 3.5").isEqualTo(0.5f);

        featurizer.featurize(alien, row, 0, ids, 0);   // same instant as heat: heat is not before it
        assertThat(Arrays.copyOfRange(row, VIEW + 6 * 384, VIEW + 7 * 384)).containsExactly(dumboView);

        featurizer.featurize(rating("m3", "Alien", 5f, 2001), row, 0, ids, 0);
        float[] heatView = views.of("Heat (1995). Drama")[6];
        assertThat(row[VIEW + 6 * 384 + 7]).isEqualTo((dumboView[7] + heatView[7]) / 2);
        assertThat(row[2 * VIEW]).isEqualTo(((4f - 3.5f) + (2f - 3.5f)) / 2);
    }

    @Test
    void eachTapIsOneLayerSeenFromTheItemAndTheUser() {
        try (TextViewTaps taps = new TextViewTaps(encoder, false); NDManager m = NDManager.newBaseManager()) {
            int width = taps.rowWidth();
            assertThat(width).isEqualTo(2 * VIEW + 2);
            float[] row = new float[2 * width];
            for (int i = 0; i < row.length; i++) {
                row[i] = i;
            }
            NDList out = taps.taps(new NDList(m.create(row, new Shape(2, width))), false);
            assertThat(taps.taps()).hasSize(7).allSatisfy(t -> assertThat(t.width()).isEqualTo(770));
            float[] layer2 = out.get(2).toFloatArray();
            int second = 770;   // the second example's tap
            assertThat(layer2[second]).isEqualTo(width + 2 * 384);
            assertThat(layer2[second + 384]).isEqualTo(width + VIEW + 2 * 384);
            assertThat(layer2[second + 768]).isEqualTo(width + 2 * VIEW);
            assertThat(layer2[second + 769]).isEqualTo(width + 2 * VIEW + 1);
            assertThat(taps.contentHash()).isEqualTo(encoder.contentHash());
            assertThatThrownBy(() -> taps.setTrainable(true)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("cannot train");
        }
    }

    private static RatingExample rating(String item, String title, float rating, long millis) {
        return new RatingExample("u1", item, rating, Instant.ofEpochMilli(millis), Optional.of(title),
                List.of("Drama"), OptionalInt.of(1995));
    }

}
