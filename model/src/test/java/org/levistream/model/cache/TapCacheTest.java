package org.levistream.model.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.levistream.model.backbone.BlockBackbone;
import org.levistream.model.levi.Batch;
import org.levistream.model.levi.LeviModel;
import org.levistream.model.levi.LeviTrainer;
import org.levistream.model.levi.Method;
import org.levistream.model.testing.Synthetic;

@Timeout(60)
class TapCacheTest {

    @ParameterizedTest
    @ValueSource(strings = {"mlp", "two-tower"})
    void returnsTheSameTapsAsRecomputationForHitsAndMisses(String kind) {
        try (BlockBackbone backbone = Synthetic.ratingBackbone(kind);
             NDManager m = NDManager.newBaseManager(Device.cpu())) {
            TapCache cache = new TapCache(backbone, 1000);
            Batch warm = Synthetic.ratingBatch(m, 1, 0, 16);
            cache.taps(warm.backboneInput(), warm.keys(), m);
            Batch mixed = Synthetic.ratingBatch(m, 1, 1, 32); // shares some items with the first batch

            NDList cached = cache.taps(mixed.backboneInput(), mixed.keys(), m);
            NDList direct = backbone.taps(mixed.backboneInput(), false);

            assertThat(cache.hits()).isPositive();
            assertThat(cached).hasSize(backbone.taps().size());
            for (int t = 0; t < cached.size(); t++) {
                assertThat(cached.get(t).getShape()).isEqualTo(direct.get(t).getShape());
                // Rows computed in batches of another size may differ in the last bits of a float sum.
                assertThat(cached.get(t).toFloatArray()).usingComparatorWithPrecision(1e-5f)
                        .containsExactly(direct.get(t).toFloatArray());
            }
        }
    }

    @Test
    void keepsAtMostItsBoundEvictingTheLeastRecentlyUsed() {
        try (BlockBackbone backbone = Synthetic.mlpBackbone();
             NDManager m = NDManager.newBaseManager(Device.cpu())) {
            TapCache cache = new TapCache(backbone, 3);
            Batch batch = Synthetic.ratingBatch(m, 1, 0, 5);
            List<String> keys = List.of("a", "b", "c", "d", "e");

            NDList taps = cache.taps(batch.backboneInput(), keys, m); // more new keys than the bound

            assertThat(taps.head().getShape().get(0)).isEqualTo(5);
            assertThat(cache.size()).isEqualTo(3);
            assertThat(cache.misses()).isEqualTo(5);
            cache.taps(batch.backboneInput(), keys, m);
            assertThat(cache.hits()).isEqualTo(3); // c, d, e survived
        }
    }

    @Test
    void duplicateKeysInABatchAreComputedOnce() {
        try (BlockBackbone backbone = Synthetic.mlpBackbone();
             NDManager m = NDManager.newBaseManager(Device.cpu())) {
            TapCache cache = new TapCache(backbone, 10);
            Batch batch = Synthetic.ratingBatch(m, 1, 0, 3);

            NDList taps = cache.taps(batch.backboneInput(), List.of("x", "x", "y"), m);

            assertThat(cache.misses()).isEqualTo(2);
            float[] first = taps.get(2).get(0).toFloatArray();
            assertThat(taps.get(2).get(1).toFloatArray()).containsExactly(first);
        }
    }

    @Test
    void refusesToCacheABackboneThatTrains() {
        try (BlockBackbone backbone = Synthetic.mlpBackbone();
             LeviModel model = LeviModel.create(Synthetic.ratingSpec(Method.LP_FT).build(), backbone, Device.cpu())) {
            assertThatThrownBy(() -> new LeviTrainer(model, new TapCache(backbone, 10)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("a tap cache needs a frozen backbone but method lp-ft trains it");
        }
    }

    @Test
    void cachedStepsLeakNothingIntoCappedManagers() {
        try (BlockBackbone backbone = Synthetic.mlpBackbone();
             LeviModel model = LeviModel.create(Synthetic.ratingSpec(Method.LEVI).build(), backbone, Device.cpu());
             LeviTrainer trainer = new LeviTrainer(model, new TapCache(backbone, 100))) {
            train(trainer, 0);
            model.manager().cap();
            backbone.manager().cap();
            trainer.optimizer().manager().cap();
            trainer.manager().cap();

            for (int s = 1; s < 5; s++) {
                train(trainer, s);
            }

            assertThat(((ai.djl.ndarray.BaseNDManager) trainer.manager()).getManagedArrays()).isEmpty();
        }
    }

    private static void train(LeviTrainer trainer, int step) {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            trainer.trainStep(Synthetic.ratingBatch(m, 1, step, 32));
        }
    }

    @Test
    void aTrainerWithTheCacheTrainsLikeOneWithout() {
        try (BlockBackbone backbone = Synthetic.mlpBackbone();
             LeviModel cachedModel = LeviModel.create(Synthetic.ratingSpec(Method.LEVI).build(), backbone, Device.cpu());
             LeviModel plainModel = LeviModel.create(Synthetic.ratingSpec(Method.LEVI).build(), backbone, Device.cpu());
             LeviTrainer cached = new LeviTrainer(cachedModel, new TapCache(backbone, 100));
             LeviTrainer plain = new LeviTrainer(plainModel, null)) {
            for (int s = 0; s < 20; s++) {
                try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
                    float a = cached.trainStep(Synthetic.ratingBatch(m, 1, s, 32));
                    float b = plain.trainStep(Synthetic.ratingBatch(m, 1, s, 32));
                    assertThat(a).as("loss at step %s", s).isCloseTo(b, org.assertj.core.data.Percentage.withPercentage(0.1));
                }
            }
        }
    }
}
