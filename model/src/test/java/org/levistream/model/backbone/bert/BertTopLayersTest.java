package org.levistream.model.backbone.bert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
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
 * FT of the top k layers of MiniLM: only the copied top layers train, the pre-trained encoder (every layer of it)
 * stays bit for bit as it was, and the frozen copy sees exactly the shared views.
 */
@Timeout(300)
class BertTopLayersTest {
    private static final List<String> TEXTS = List.of(
            "Great coffee, rich and smooth; I will buy it again.",
            "Stale.",
            "The crackers arrived broken and tasted like cardboard, which is a shame because the old recipe was good",
            "My kids love these fruit snacks.");
    private static BertTokenizer tokenizer;
    private static BertBackbone encoder;

    @BeforeAll
    static void load() {
        tokenizer = MiniLmFixture.tokenizer();
        encoder = MiniLmFixture.encoder();
    }

    @Test
    void fineTuningTheTopLayerChangesOnlyItsCopyAndLeavesTheEncoderBitIdentical() {
        TextCorpus corpus = new TextCorpus();
        long[] numbers = TEXTS.stream().mapToLong(corpus::number).toArray();
        Map<String, float[]> before = copy(encoder.parameters());
        ModelSpec spec = ModelSpec.builder().method(Method.FT).classification(2).seed(3)
                .optimizer(OptimizerSpec.adam(1e-2f)).build();
        try (BertTopLayers top = new BertTopLayers(encoder, new TextViews(encoder, tokenizer),
                new TokenStates(encoder, tokenizer, 5), corpus, 1);
             LeviModel model = LeviModel.create(spec, top, Device.cpu());
             LeviTrainer trainer = new LeviTrainer(model, null)) {
            assertThat(top.parameters()).hasSize(16).allSatisfy((name, p) -> assertThat(name)
                    .startsWith("encoder.layer.5."));
            assertThat(model.trainableParameters()).containsKey("backbone.encoder.layer.5.output.dense.weight")
                    .doesNotContainKey("backbone.encoder.layer.4.output.dense.weight");
            Map<String, float[]> topBefore = copy(top.parameters());
            for (int step = 0; step < 2; step++) {
                try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
                    trainer.trainStep(Batch.of(new NDList(m.create(numbers)), new NDList(),
                            m.create(new long[] {1, 0, 0, 1})));
                }
            }
            Map<String, float[]> topAfter = copy(top.parameters());
            topBefore.forEach((name, v) -> assertThat(Arrays.equals(topAfter.get(name), v)).as(name).isFalse());
        }
        Map<String, float[]> after = copy(encoder.parameters());
        assertThat(after.keySet()).isEqualTo(before.keySet());
        // Arrays.equals, not containsExactly: the word table has 11.7 million floats, too many for AssertJ's diff.
        before.forEach((name, v) -> assertThat(Arrays.equals(after.get(name), v)).as(name).isTrue());
    }

    @Test
    void frozenTheTapsAreTheSharedViewsAndUntrainedLayersComputeThemAgain() {
        TextCorpus corpus = new TextCorpus();
        long[] numbers = TEXTS.stream().mapToLong(corpus::number).toArray();
        TextViews views = new TextViews(encoder, tokenizer);
        TokenStates below = new TokenStates(encoder, tokenizer, 4);
        try (BertTopLayers top = new BertTopLayers(encoder, views, below, corpus, 2);
             NDManager m = NDManager.newBaseManager(Device.cpu())) {
            assertThat(top.taps()).extracting(t -> t.name()).containsExactly("layer5", "layer6");
            NDList frozen = top.taps(new NDList(m.create(numbers)), false);
            float[] shared = views.batch(TEXTS, m).get(6).toFloatArray();
            assertThat(frozen.get(1).toFloatArray()).containsExactly(shared);
            // Trainable, the copied layers run over the cached layer-4 rows in chunks of similar length, and the
            // batch's order comes back: before any update they agree with the views up to padding's last bits.
            top.setTrainable(true);
            float[] computed = top.taps(new NDList(m.create(numbers)), false).get(1).toFloatArray();
            for (int i = 0; i < shared.length; i++) {
                assertThat(computed[i]).isCloseTo(shared[i], within(1e-4f));
            }
        }
        assertThat(below.size()).isEqualTo(TEXTS.size());
        assertThat(below.tokens("Stale.")).isEqualTo(4);   // [CLS] stale . [SEP]
    }

    @Test
    void oneWarmPassFillsViewsAndTokenRowsWithTheBitsOfSeparatePasses() {
        TextViews views = new TextViews(encoder, tokenizer);
        TokenStates five = new TokenStates(encoder, tokenizer, 5);
        TokenStates four = new TokenStates(encoder, tokenizer, 4);
        assertThat(views.warm(TEXTS, List.of(five, four))).isEqualTo(TEXTS.size());
        assertThat(views.warm(TEXTS, List.of(five, four))).isZero();
        TextViews fresh = new TextViews(encoder, tokenizer);
        for (String text : TEXTS) {
            for (int t = 0; t < 7; t++) {
                assertThat(views.of(text)[t]).containsExactly(fresh.of(text)[t]);
            }
            assertThat(five.of(text)).containsExactly(new TokenStates(encoder, tokenizer, 5).of(text));
            assertThat(four.of(text)).containsExactly(new TokenStates(encoder, tokenizer, 4).of(text));
        }
        assertThat(views.misses()).isEqualTo(TEXTS.size());
        assertThat(five.misses()).isEqualTo(TEXTS.size());
    }

    @Test
    void theTokenStatesMustBeTheLayerBelowTheTopOnes() {
        TextCorpus corpus = new TextCorpus();
        assertThatThrownBy(() -> new BertTopLayers(encoder, new TextViews(encoder, tokenizer),
                new TokenStates(encoder, tokenizer, 4), corpus, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("layer 4");
        assertThatThrownBy(() -> new BertViews(encoder, new TextViews(encoder, tokenizer), corpus)
                .setTrainable(true)).isInstanceOf(IllegalStateException.class).hasMessageContaining("frozen");
    }

    /**
     * The gradient of the attention scores must not depend on when the JVM collects garbage. DJL's {@code
     * NDArray.div(Number)} makes its scalar from a direct buffer and frees it at once, while autograd keeps pointing
     * at it for the backward pass; once the collector reclaimed that buffer, the query and key gradients divided by
     * whatever the memory then held (NaN in the Amazon FT runs). Here the memory is reclaimed and reused, with NaN,
     * between forward and backward.
     */
    @Test
    void theBackwardPassReadsNoMemoryTheForwardPassFreed() throws InterruptedException {
        TextCorpus corpus = new TextCorpus();
        long[] numbers = TEXTS.stream().mapToLong(corpus::number).toArray();
        try (BertTopLayers top = new BertTopLayers(encoder, new TextViews(encoder, tokenizer),
                new TokenStates(encoder, tokenizer, 5), corpus, 1)) {
            top.setTrainable(true);
            float[] undisturbed = keyGradient(top, numbers, false);
            float[] afterCollection = keyGradient(top, numbers, true);

            for (float g : undisturbed) {
                assertThat(g).isFinite();
            }
            long nan = IntStream.range(0, afterCollection.length).filter(i -> Float.isNaN(afterCollection[i])).count();
            // Arrays.equals: AssertJ's element diff of 147,456 floats takes minutes.
            assertThat(Arrays.equals(afterCollection, undisturbed))
                    .as("the same gradient after a collection (%d of %d entries NaN)", nan, afterCollection.length)
                    .isTrue();
        }
    }

    private static float[] keyGradient(BertTopLayers top, long[] numbers, boolean collectBeforeBackward)
            throws InterruptedException {
        NDArray weight = top.parameters().get("encoder.layer.5.attention.self.key.weight").getArray();
        List<ByteBuffer> reuse = new ArrayList<>();
        try (NDManager m = NDManager.newBaseManager(Device.cpu());
             GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray loss = top.taps(new NDList(m.create(numbers)), true).head().square().sum();
            if (collectBeforeBackward) {
                for (int i = 0; i < 3; i++) {
                    System.gc();
                    Thread.sleep(100);
                }
                // Freed 4-byte blocks go back to the allocator first: take them again and fill them with NaN.
                for (int i = 0; i < 10_000; i++) {
                    reuse.add(ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder()).putFloat(0, Float.NaN));
                }
            }
            collector.backward(loss);
            float[] gradient = weight.getGradient().toFloatArray();
            weight.getGradient().set(new NDIndex(":"), 0f);
            return gradient;
        }
    }

    private static Map<String, float[]> copy(Map<String, ai.djl.nn.Parameter> parameters) {
        Map<String, float[]> out = new LinkedHashMap<>();
        parameters.forEach((name, p) -> out.put(name, p.getArray().toFloatArray()));
        return out;
    }

}
