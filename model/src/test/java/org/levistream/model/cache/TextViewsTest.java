package org.levistream.model.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.levistream.model.backbone.bert.BertBackbone;
import org.levistream.model.backbone.bert.BertTokenizer;
import org.levistream.model.backbone.bert.MiniLmFixture;

/** The views of a text are the encoder's taps of that text alone, computed once, whatever batch asks for them. */
@Timeout(120)
class TextViewsTest {
    private static BertTokenizer tokenizer;
    private static BertBackbone backbone;

    @BeforeAll
    static void load() {
        tokenizer = MiniLmFixture.tokenizer();
        backbone = MiniLmFixture.encoder();
    }

    @Test
    void aViewIsTheTextsOwnTapsAndIsComputedOnce() {
        TextViews views = new TextViews(backbone, tokenizer);
        String text = "Toy Story (1995): Adventure, Animation, Children";
        float[][] first = views.of(text);
        float[] alone;
        try (NDManager step = NDManager.newBaseManager(Device.cpu())) {
            alone = backbone.taps(tokenizer.encode(List.of(text), step), false).get(6).toFloatArray();
        }
        assertThat(first).hasNumberOfRows(7);
        assertThat(first[6]).containsExactly(alone);
        assertThat(views.of(text)).isSameAs(first);
        assertThat(views.misses()).isEqualTo(1);
        assertThat(views.hits()).isEqualTo(1);
    }

    @Test
    void aBatchGivesEachTextTheSameBitsAsAlone() {
        TextViews views = new TextViews(backbone, tokenizer);
        String shortText = "Heat (1995)";
        String longText = "A long review about dog food that my puppy loved, and the kitten too, with many more words";
        try (NDManager step = NDManager.newBaseManager(Device.cpu())) {
            NDList batch = views.batch(List.of(longText, shortText, longText), step);
            assertThat(batch).hasSize(7);
            assertThat(batch.get(3).getShape().toString()).isEqualTo("(3, 384)");
            float[] rows = batch.get(3).toFloatArray();
            float[] shortRow = java.util.Arrays.copyOfRange(rows, 384, 768);
            assertThat(shortRow).containsExactly(new TextViews(backbone, tokenizer).of(shortText)[3]);
        }
        assertThat(views.size()).isEqualTo(2);
    }

    @Test
    void aTrainableBackboneIsRefused() {
        TextViews views = new TextViews(backbone, tokenizer);
        backbone.setTrainable(true);
        try {
            assertThatThrownBy(() -> views.of("anything")).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("trainable");
        } finally {
            backbone.setTrainable(false);
        }
    }

}
