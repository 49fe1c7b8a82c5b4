package org.levistream.model.backbone.bert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.levistream.model.cache.TextCorpus;
import org.levistream.model.cache.TextViews;
import org.levistream.model.cache.TokenStates;
import org.levistream.model.levi.Batch;
import org.levistream.model.levi.LeviModel;
import org.levistream.model.levi.LeviTrainer;
import org.levistream.model.levi.Method;
import org.levistream.model.levi.ModelSpec;
import org.levistream.model.optim.OptimizerSpec;

/**
 * Language-based MovieLens' backbone: frozen, its taps are {@link TextViewTaps}' bit for bit whatever else the batch
 * carries; trainable, only the item part of the top taps moves, computed by a copy of the top layers that alone
 * trains while the encoder stays bit-identical.
 */
@Timeout(300)
class TextViewTopLayersTest {
    private static final List<String> ITEMS = List.of("Toy Story (1995). Animation, Children, Comedy",
            "Heat (1995). Action, Crime, Thriller", "Dumbo (1941). Animation, Children, Drama", "Jumanji (1995)");
    private static final int VIEW = 7 * 384;
    private static final int WIDTH = 2 * VIEW + 2;
    private static BertBackbone encoder;
    private static TextViews views;

    @BeforeAll
    static void load() {
        encoder = MiniLmFixture.encoder();
        views = new TextViews(encoder, MiniLmFixture.tokenizer());
    }

    @Test
    void frozenTheTapsAreTextViewTapsBitForBit() {
        TextCorpus corpus = new TextCorpus();
        try (NDManager m = NDManager.newBaseManager(Device.cpu());
             TextViewTaps reference = new TextViewTaps(encoder, false);
             TextViewTopLayers rows = new TextViewTopLayers(encoder, null);
             TextViewTopLayers withCopy = new TextViewTopLayers(encoder, top(corpus, 2))) {
            NDArray x = rows(m);
            NDList expected = reference.taps(new NDList(x), false);
            NDList withNumbers = new NDList(x, numbers(corpus, m));
            assertThat(rows.taps()).isEqualTo(reference.taps());
            for (TextViewTopLayers backbone : List.of(rows, withCopy)) {
                NDList actual = backbone.taps(withNumbers, false);
                assertThat(actual).hasSize(7);
                for (int k = 0; k < 7; k++) {
                    assertThat(actual.get(k).toFloatArray()).as("tap %d", k)
                            .containsExactly(expected.get(k).toFloatArray());
                }
            }
            assertThat(rows.parameters()).isSameAs(encoder.parameters());
            assertThat(withCopy.trainedTaps()).isEqualTo(2);
            assertThatThrownBy(() -> rows.setTrainable(true)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("frozen views");
        }
    }

    @Test
    void trainableOnlyTheItemPartOfTheTopTapsIsRecomputedByTheCopy() {
        TextCorpus corpus = new TextCorpus();
        try (NDManager m = NDManager.newBaseManager(Device.cpu());
             TextViewTopLayers backbone = new TextViewTopLayers(encoder, top(corpus, 2))) {
            NDArray x = rows(m);
            NDList frozen = backbone.taps(new NDList(x, numbers(corpus, m)), false);
            backbone.setTrainable(true);
            NDList computed = backbone.taps(new NDList(x, numbers(corpus, m)), false);
            for (int k = 0; k < 7; k++) {
                float[] f = frozen.get(k).toFloatArray();
                float[] c = computed.get(k).toFloatArray();
                for (int i = 0; i < f.length; i++) {
                    boolean item = i % 770 < 384;
                    if (k < 5 || !item) {
                        assertThat(c[i]).as("tap %d, float %d", k, i).isEqualTo(f[i]);
                    } else {
                        // Before any update the copy agrees with the views up to padding's last bits.
                        assertThat(c[i]).as("tap %d, float %d", k, i).isCloseTo(f[i], within(1e-4f));
                    }
                }
            }
            assertThatThrownBy(() -> backbone.taps(new NDList(x), false))
                    .hasMessageContaining("item text numbers as the second backbone input");
            backbone.setTrainable(false);
        }
    }

    @Test
    void fineTuningMovesOnlyTheCopyAndLeavesTheEncoderBitIdentical() {
        TextCorpus corpus = new TextCorpus();
        Map<String, float[]> before = copy(encoder.parameters());
        ModelSpec spec = ModelSpec.builder().method(Method.FT).seed(3).optimizer(OptimizerSpec.adam(1e-2f)).build();
        try (TextViewTopLayers backbone = new TextViewTopLayers(encoder, top(corpus, 1));
             LeviModel model = LeviModel.create(spec, backbone, Device.cpu());
             LeviTrainer trainer = new LeviTrainer(model, null)) {
            assertThat(backbone.parameters()).hasSize(16).allSatisfy((name, p) -> assertThat(name)
                    .startsWith("encoder.layer.5."));
            assertThat(model.trainableParameters()).containsKey("backbone.encoder.layer.5.output.dense.weight")
                    .doesNotContainKey("backbone.encoder.layer.4.output.dense.weight");
            Map<String, float[]> topBefore = copy(backbone.parameters());
            for (int step = 0; step < 2; step++) {
                try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
                    trainer.trainStep(Batch.of(new NDList(rows(m), numbers(corpus, m)), new NDList(),
                            m.create(new float[] {4f, 2f, 3.5f, 1f})));
                }
            }
            Map<String, float[]> topAfter = copy(backbone.parameters());
            topBefore.forEach((name, v) -> assertThat(Arrays.equals(topAfter.get(name), v)).as(name).isFalse());
        }
        Map<String, float[]> after = copy(encoder.parameters());
        // Arrays.equals, not containsExactly: the word table has 11.7 million floats, too many for AssertJ's diff.
        before.forEach((name, v) -> assertThat(Arrays.equals(after.get(name), v)).as(name).isTrue());
    }

    private static BertTopLayers top(TextCorpus corpus, int k) {
        return new BertTopLayers(encoder, views, new TokenStates(encoder, MiniLmFixture.tokenizer(), 6 - k), corpus,
                k);
    }

    /** Rows as language-based MovieLens makes them: item views, a user context (another item's), two numbers. */
    private static NDArray rows(NDManager m) {
        float[] x = new float[ITEMS.size() * WIDTH];
        for (int i = 0; i < ITEMS.size(); i++) {
            float[][] item = views.of(ITEMS.get(i));
            float[][] user = views.of(ITEMS.get((i + 1) % ITEMS.size()));
            for (int t = 0; t < 7; t++) {
                System.arraycopy(item[t], 0, x, i * WIDTH + t * 384, 384);
                System.arraycopy(user[t], 0, x, i * WIDTH + VIEW + t * 384, 384);
            }
            x[i * WIDTH + 2 * VIEW] = 0.25f * i;
            x[i * WIDTH + 2 * VIEW + 1] = 1f;
        }
        return m.create(x, new Shape(ITEMS.size(), WIDTH));
    }

    private static NDArray numbers(TextCorpus corpus, NDManager m) {
        return m.create(ITEMS.stream().mapToLong(corpus::number).toArray());
    }

    private static Map<String, float[]> copy(Map<String, ai.djl.nn.Parameter> parameters) {
        Map<String, float[]> out = new LinkedHashMap<>();
        parameters.forEach((name, p) -> out.put(name, p.getArray().toFloatArray()));
        return out;
    }
}
