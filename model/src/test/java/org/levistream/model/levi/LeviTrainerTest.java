package org.levistream.model.levi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.levistream.common.config.InvalidConfigException;
import org.levistream.model.backbone.BlockBackbone;
import org.levistream.model.tensor.NamedTensor;
import org.levistream.model.testing.Synthetic;

@Timeout(120)
class LeviTrainerTest {
    private static final int BATCH = 32;

    @ParameterizedTest
    @ValueSource(strings = {"mlp", "two-tower"})
    void leviTrainsAdaptersAndTaskModelButLeavesTheBackboneBitIdentical(String kind) {
        try (BlockBackbone backbone = Synthetic.ratingBackbone(kind);
             LeviModel model = LeviModel.create(Synthetic.ratingSpec(Method.LEVI).build(), backbone, Device.cpu());
             LeviTrainer trainer = new LeviTrainer(model, null)) {
            Map<String, NamedTensor> backboneBefore = copy(backbone.parameters());
            Map<String, NamedTensor> ownBefore = copy(model.ownParameters());

            train(trainer, 0, 5);

            assertThat(copy(backbone.parameters())).allSatisfy((name, t) ->
                    assertThat(t.bitEquals(backboneBefore.get(name))).as(name).isTrue());
            assertThat(copy(model.ownParameters())).allSatisfy((name, t) ->
                    assertThat(t.bitEquals(ownBefore.get(name))).as(name + " should have changed").isFalse());
            assertThat(model.usedTaps()).isEqualTo(backbone.taps());
        }
    }

    @Test
    void leviUsesEveryTowerAndJointTapOfATwoTowerBackbone() {
        try (BlockBackbone backbone = Synthetic.twoTowerBackbone();
             LeviModel model = LeviModel.create(Synthetic.ratingSpec(Method.LEVI).build(), backbone, Device.cpu())) {
            assertThat(model.usedTaps()).extracting(t -> t.name())
                    .containsExactly("content1", "content2", "context1", "context2", "joint1");
            assertThat(model.ownParameters()).containsKeys("proj.content1.01Linear_weight",
                    "proj.context2.01Linear_weight", "proj.joint1.01Linear_weight");
        }
    }

    @Test
    void trainsOnAThreadOtherThanTheOneThatLoadedTheEngine() throws InterruptedException {
        Synthetic.mlpBackbone().close();   // the engine is loaded here, on the test's thread
        var failure = new java.util.concurrent.atomic.AtomicReference<Throwable>();
        var losses = new java.util.concurrent.atomic.AtomicInteger();
        Thread other = new Thread(() -> {
            try (BlockBackbone backbone = Synthetic.mlpBackbone();
                 LeviModel model = LeviModel.create(Synthetic.ratingSpec(Method.LEVI).build(), backbone, Device.cpu());
                 LeviTrainer trainer = new LeviTrainer(model, null)) {
                train(trainer, 0, 2);
                losses.set(2);
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "not-the-engine-thread");
        other.start();
        other.join();

        assertThat(failure.get()).isNull();
        assertThat(losses.get()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mlp", "two-tower"})
    void fullFineTuningChangesTheBackbone(String kind) {
        try (BlockBackbone backbone = Synthetic.ratingBackbone(kind);
             LeviModel model = LeviModel.create(Synthetic.ratingSpec(Method.FT).build(), backbone, Device.cpu());
             LeviTrainer trainer = new LeviTrainer(model, null)) {
            Map<String, NamedTensor> before = copy(backbone.parameters());

            train(trainer, 0, 3);

            assertThat(backbone.isTrainable()).isTrue();
            assertThat(copy(backbone.parameters())).allSatisfy((name, t) ->
                    assertThat(t.bitEquals(before.get(name))).as(name + " should have changed").isFalse());
            assertThat(model.trainableParameters()).containsKey(kind.equals("mlp")
                    ? "backbone.01SequentialBlock_01Linear_weight" : "backbone.context1.weight");
        }
    }

    /** FT with a backbone factor of 0: the backbone takes steps of size 0 (bit-identical), the head moves. */
    @Test
    void ftWithBackboneFactorZeroMovesTheHeadOnly() {
        ModelSpec spec = Synthetic.ratingSpec(Method.FT)
                .optimizer(org.levistream.model.optim.OptimizerSpec.sgd(0.05f, 0.9f)
                        .withBackboneLearningRateFactor(0f)).build();
        try (BlockBackbone backbone = Synthetic.mlpBackbone();
             LeviModel model = LeviModel.create(spec, backbone, Device.cpu());
             LeviTrainer trainer = new LeviTrainer(model, null)) {
            Map<String, NamedTensor> before = copy(backbone.parameters());
            Map<String, NamedTensor> headBefore = copy(model.ownParameters());

            train(trainer, 0, 3);

            assertThat(backbone.isTrainable()).isTrue();
            assertThat(copy(backbone.parameters())).allSatisfy((name, t) ->
                    assertThat(t.bitEquals(before.get(name))).as(name).isTrue());
            assertThat(copy(model.ownParameters())).allSatisfy((name, t) ->
                    assertThat(t.bitEquals(headBefore.get(name))).as(name + " should have moved").isFalse());
        }
    }

    @Test
    void lpFtKeepsTheBackboneFrozenUntilTheUnfreezeStep() {
        ModelSpec spec = Synthetic.ratingSpec(Method.LP_FT).unfreezeStep(3).build();
        try (BlockBackbone backbone = Synthetic.mlpBackbone();
             LeviModel model = LeviModel.create(spec, backbone, Device.cpu());
             LeviTrainer trainer = new LeviTrainer(model, null)) {
            Map<String, NamedTensor> before = copy(backbone.parameters());

            train(trainer, 0, 3);
            assertThat(copy(backbone.parameters())).allSatisfy((name, t) ->
                    assertThat(t.bitEquals(before.get(name))).as(name).isTrue());

            train(trainer, 3, 2);
            assertThat(backbone.isTrainable()).isTrue();
            assertThat(copy(backbone.parameters())).anySatisfy((name, t) ->
                    assertThat(t.bitEquals(before.get(name))).isFalse());
        }
    }

    static java.util.stream.Stream<Arguments> everyMethodOnEveryRatingBackbone() {
        return java.util.stream.Stream.of("mlp", "two-tower")
                .flatMap(kind -> java.util.Arrays.stream(Method.values()).filter(Method::trainedByItself)
                        .map(m -> Arguments.of(kind, m)));
    }

    @ParameterizedTest
    @MethodSource("everyMethodOnEveryRatingBackbone")
    void everyMethodPredictsOneRatingPerExampleAndTouchesTheBackboneOnlyWhenItTrainsIt(String kind, Method method) {
        try (BlockBackbone backbone = Synthetic.ratingBackbone(kind);
             LeviModel model = LeviModel.create(Synthetic.ratingSpec(method).build(), backbone, Device.cpu());
             LeviTrainer trainer = new LeviTrainer(model, null);
             NDManager results = NDManager.newBaseManager(Device.cpu())) {
            Map<String, NamedTensor> before = copy(backbone.parameters());

            float loss = train(trainer, 0, 2);

            assertThat(loss).isFinite();
            try (NDManager batchManager = NDManager.newBaseManager(Device.cpu())) {
                NDArray out = trainer.predict(Synthetic.ratingBatch(batchManager, 1, 99, BATCH), results);
                assertThat(out.getShape()).isEqualTo(new Shape(BATCH));
                assertThat(out.getManager()).isSameAs(results);
            }
            boolean unchanged = copy(backbone.parameters()).entrySet().stream()
                    .allMatch(e -> e.getValue().bitEquals(before.get(e.getKey())));
            assertThat(unchanged).isEqualTo(!method.evertrainsBackbone());
        }
    }

    @Test
    void leviLearnsTheSyntheticRatingTask() {
        try (BlockBackbone backbone = Synthetic.mlpBackbone();
             LeviModel model = LeviModel.create(Synthetic.ratingSpec(Method.LEVI).build(), backbone, Device.cpu());
             LeviTrainer trainer = new LeviTrainer(model, null)) {
            float first = averageLoss(trainer, 0, 5);
            train(trainer, 5, 150);
            float last = averageLoss(trainer, 155, 10);

            // Measured on CPU: ~4.5 at first, ~0.11 after 160 steps. Predicting the mean rating alone would leave the
            // labels' variance, ~1.1, so < 0.3 means per-user and per-item structure was learned.
            assertThat(last).as("loss after 160 steps vs the first 5 (%s)", first).isLessThan(first / 10);
            assertThat(last).isLessThan(0.3f);
        }
    }

    @Test
    void perTapHeadsLearnToo() {
        ModelSpec spec = Synthetic.ratingSpec(Method.LEVI).headMode(HeadMode.PER_TAP).build();
        try (BlockBackbone backbone = Synthetic.mlpBackbone();
             LeviModel model = LeviModel.create(spec, backbone, Device.cpu());
             LeviTrainer trainer = new LeviTrainer(model, null)) {
            float first = averageLoss(trainer, 0, 5);
            train(trainer, 5, 100);

            assertThat(averageLoss(trainer, 105, 10)).isLessThan(first / 10);
            assertThat(model.ownParameters()).containsKeys("head.layer1.01Linear_weight", "head.small.01Linear_weight");
        }
    }

    @Test
    void leviLearnsToClassifyImagesWithCnnBackboneAndSmallCnn() {
        try (BlockBackbone backbone = Synthetic.cnnBackbone();
             LeviModel model = LeviModel.create(Synthetic.imageSpec(Method.LEVI).build(), backbone, Device.cpu());
             LeviTrainer trainer = new LeviTrainer(model, null);
             NDManager results = NDManager.newBaseManager(Device.cpu())) {
            float first = averageImageLoss(trainer, 0, 3);
            for (int s = 3; s < 40; s++) {
                try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
                    trainer.trainStep(Synthetic.imageBatch(m, 5, s, 16));
                }
            }
            float last = averageImageLoss(trainer, 40, 5);

            assertThat(first).isGreaterThan(1.0f); // ln 4 = 1.39 for a uniform guess
            assertThat(last).isLessThan(first / 4);
            try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
                assertThat(trainer.predict(Synthetic.imageBatch(m, 5, 99, 16), results).getShape())
                        .isEqualTo(new Shape(16, Synthetic.CLASSES));
            }
        }
    }

    @Test
    void stepsLeakNoArraysIntoCappedManagers() {
        ModelSpec spec = Synthetic.ratingSpec(Method.LEVI).dropout(0.2f).build();
        try (BlockBackbone backbone = Synthetic.mlpBackbone();
             LeviModel model = LeviModel.create(spec, backbone, Device.cpu());
             LeviTrainer trainer = new LeviTrainer(model, null);
             NDManager results = NDManager.newBaseManager(Device.cpu())) {
            train(trainer, 0, 1);
            int parameterArrays = managed(model.manager());
            model.manager().cap();
            backbone.manager().cap();
            trainer.optimizer().manager().cap();
            trainer.manager().cap();

            train(trainer, 1, 5);
            try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
                trainer.predict(Synthetic.ratingBatch(m, 1, 7, BATCH), results);
            }

            assertThat(managed(model.manager())).isEqualTo(parameterArrays);
            assertThat(managed(trainer.manager())).isZero();
        }
    }

    @Test
    void batchArraysGoBackToTheirOwnerAfterAStep() {
        try (BlockBackbone backbone = Synthetic.mlpBackbone();
             LeviModel model = LeviModel.create(Synthetic.ratingSpec(Method.LEVI).build(), backbone, Device.cpu());
             LeviTrainer trainer = new LeviTrainer(model, null);
             NDManager m = NDManager.newBaseManager(Device.cpu())) {
            Batch batch = Synthetic.ratingBatch(m, 1, 0, BATCH);

            trainer.trainStep(batch);

            assertThat(batch.labels().getManager()).isSameAs(m);
            assertThat(batch.taskInput().head().getManager()).isSameAs(m);
            assertThat(batch.labels().toFloatArray()).hasSize(BATCH);
        }
    }

    @Test
    void smallOnlyRunsWithoutABackbone() {
        try (LeviModel model = LeviModel.create(Synthetic.ratingSpec(Method.SMALL_ONLY).build(), null, Device.cpu());
             LeviTrainer trainer = new LeviTrainer(model, null)) {
            float first = averageLoss(trainer, 0, 3);
            train(trainer, 3, 60);

            assertThat(averageLoss(trainer, 63, 5)).isLessThan(first / 4);
            assertThat(model.usedTaps()).isEmpty();
        }
    }

    @Test
    void rejectsTapsTheBackboneDoesNotHave() {
        ModelSpec spec = Synthetic.ratingSpec(Method.LEVI).taps(java.util.List.of("layer1", "layer9")).build();
        try (BlockBackbone backbone = Synthetic.mlpBackbone()) {
            assertThatThrownBy(() -> LeviModel.create(spec, backbone, Device.cpu()))
                    .isInstanceOf(InvalidConfigException.class)
                    .hasMessageContaining("model.taps was layer1,layer9")
                    .hasMessageContaining("[layer9]")
                    .hasMessageContaining("[layer1, layer2, layer3]");
        }
    }

    @Test
    void lastLayerMethodsUseTheDeepestSelectedTap() {
        ModelSpec spec = Synthetic.ratingSpec(Method.LEVI_LAST_LAYER).taps(java.util.List.of("layer1", "layer2")).build();
        try (BlockBackbone backbone = Synthetic.mlpBackbone();
             LeviModel model = LeviModel.create(spec, backbone, Device.cpu())) {
            assertThat(model.usedTaps()).extracting(t -> t.name()).containsExactly("layer2");
        }
    }

    @Test
    void rejectsBucketsOutsideTheTable() {
        try (BlockBackbone backbone = Synthetic.mlpBackbone();
             LeviModel model = LeviModel.create(Synthetic.ratingSpec(Method.LEVI).build(), backbone, Device.cpu());
             LeviTrainer trainer = new LeviTrainer(model, null);
             NDManager m = NDManager.newBaseManager(Device.cpu())) {
            Batch good = Synthetic.ratingBatch(m, 1, 0, 2);
            Batch bad = new Batch(good.backboneInput(),
                    new ai.djl.ndarray.NDList(m.create(new long[] {1, 2, 3, Synthetic.BUCKETS}, new Shape(2, 2))),
                    good.labels(), null);

            assertThatThrownBy(() -> trainer.trainStep(bad))
                    .hasMessageContaining("id field 1 has bucket 64 outside [0, 64)");
            assertThat(trainer.step()).isZero();
        }
    }

    static float train(LeviTrainer trainer, long firstStep, int steps) {
        float loss = Float.NaN;
        for (long s = firstStep; s < firstStep + steps; s++) {
            try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
                loss = trainer.trainStep(Synthetic.ratingBatch(m, 1, s, BATCH));
            }
        }
        return loss;
    }

    private static float averageLoss(LeviTrainer trainer, long firstStep, int steps) {
        float sum = 0;
        for (long s = firstStep; s < firstStep + steps; s++) {
            try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
                sum += trainer.trainStep(Synthetic.ratingBatch(m, 1, s, BATCH));
            }
        }
        return sum / steps;
    }

    private static float averageImageLoss(LeviTrainer trainer, long firstStep, int steps) {
        float sum = 0;
        for (long s = firstStep; s < firstStep + steps; s++) {
            try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
                sum += trainer.trainStep(Synthetic.imageBatch(m, 5, s, 16));
            }
        }
        return sum / steps;
    }

    static Map<String, NamedTensor> copy(Map<String, Parameter> parameters) {
        Map<String, NamedTensor> out = new LinkedHashMap<>();
        parameters.forEach((name, p) -> out.put(name, NamedTensor.copyOf(name, p.getArray())));
        return out;
    }

    private static int managed(NDManager manager) {
        return ((BaseNDManager) manager).getManagedArrays().size();
    }
}
