package org.levistream.model.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.levistream.model.levi.Batch;
import org.levistream.model.levi.LeviModel;
import org.levistream.model.levi.LeviTrainer;
import org.levistream.model.levi.Method;
import org.levistream.model.tensor.NamedTensor;
import org.levistream.model.testing.Synthetic;

@Timeout(60)
class ScorerTest {

    @Test
    void scoresEveryExampleInChunksWithTheZeroPredictionClippedToHalfAStar() {
        try (LeviModel model = LeviModel.create(Synthetic.ratingSpec(Method.SMALL_ONLY).build(), null, Device.cpu());
             LeviTrainer trainer = new LeviTrainer(model, null)) {
            zero(model);
            List<Float> ratings = List.of(1f, 3f, 5f);
            List<Integer> chunkSizes = new ArrayList<>();

            Metrics m = Scorer.score(trainer, ratings, (chunk, manager) -> {
                chunkSizes.add(chunk.size());
                return ratingBatch(manager, chunk.size());
            }, r -> r, 2);

            // every prediction is 0, scored as 0.5: errors -0.5, -2.5, -4.5
            assertThat(chunkSizes).containsExactly(2, 1);
            assertThat(m.count()).isEqualTo(3);
            assertThat(m.get("rmse")).isCloseTo(2.9860788111948193, within(1e-12));
            assertThat(m.get("mae")).isEqualTo(2.5);
        }
    }

    @Test
    void classifiersAreScoredOnTheirLogits() {
        try (LeviModel model = LeviModel.create(Synthetic.imageSpec(Method.SMALL_ONLY).build(), null, Device.cpu());
             LeviTrainer trainer = new LeviTrainer(model, null)) {
            zero(model);
            int[] labels = {0, 2, 0, 3};

            Metrics m = Scorer.score(trainer, labels.length, (manager, from, to) -> imageBatch(manager, to - from),
                    i -> labels[i], 3);

            // equal logits over 4 classes: class 0 is predicted, and every true class has probability 1/4
            assertThat(m.get("accuracy")).isEqualTo(0.5);
            assertThat(m.get("nll")).isCloseTo(1.3862943611198906, within(1e-6));
            assertThat(m.count()).isEqualTo(4);
        }
    }

    @Test
    void aModelAloneIsScoredLikeItsTrainer() {
        try (LeviModel model = LeviModel.create(Synthetic.ratingSpec(Method.SMALL_ONLY).build(), null, Device.cpu())) {
            zero(model);

            Metrics m = Scorer.score(model, null, List.of(0.25f, 4f), (chunk, manager) -> ratingBatch(manager,
                    chunk.size()), r -> r, 8);

            // predictions 0, scored as 0.5: errors 0.25 and -3.5
            assertThat(m.get("mae")).isEqualTo(1.875);
            assertThat(m.get("rmse")).isCloseTo(2.481179155159901, within(1e-12));
        }
    }

    @Test
    void keepsEachExamplesTermsThatSumToTheMetrics() {
        try (LeviModel model = LeviModel.create(Synthetic.ratingSpec(Method.SMALL_ONLY).build(), null, Device.cpu())) {
            zero(model);

            Scorer.Scored s = Scorer.scoreEach(model, null, List.of(0.25f, 4f, 5f), (chunk, manager) ->
                    ratingBatch(manager, chunk.size()), r -> r, 2);

            // predictions 0, scored as 0.5: errors 0.25, -3.5 and -4.5
            assertThat(s.examples().absoluteErrors()).containsExactly(0.25, 3.5, 4.5);
            assertThat(s.examples().squaredErrors()).containsExactly(0.0625, 12.25, 20.25);
            assertThat(s.metrics().get("mae")).isCloseTo((0.25 + 3.5 + 4.5) / 3, within(1e-12));
        }
    }

    @Test
    void keepsEachClassifiedExamplesCorrectnessLossAndConfidence() {
        try (LeviModel model = LeviModel.create(Synthetic.imageSpec(Method.SMALL_ONLY).build(), null, Device.cpu())) {
            zero(model);

            Scorer.Scored s = Scorer.scoreEach(model, null, List.of(0, 2), (chunk, manager) ->
                    imageBatch(manager, chunk.size()), label -> label, 8);

            // equal logits over 4 classes: class 0 predicted with probability 1/4, every true class 1/4 likely
            assertThat(s.examples().correct()).containsExactly(true, false);
            assertThat(s.examples().confidence()).containsExactly(0.25, 0.25);
            assertThat(s.examples().nll()[1]).isCloseTo(1.3862943611198906, within(1e-6));
        }
    }

    private static void zero(LeviModel model) {
        model.ownParameters().forEach((name, p) -> NamedTensor.of(name, p.getArray().getShape(),
                new float[Math.toIntExact(p.getArray().size())]).copyInto(p.getArray()));
    }

    private static Batch ratingBatch(NDManager m, int n) {
        return new Batch(new NDList(m.zeros(new Shape(n, Synthetic.FEATURES))),
                new NDList(m.create(new long[n * 2], new Shape(n, 2))), null, List.of());
    }

    private static Batch imageBatch(NDManager m, int n) {
        var images = m.zeros(new Shape(n, 1, 28, 28));
        return new Batch(new NDList(images), new NDList(images), null, List.of());
    }
}
