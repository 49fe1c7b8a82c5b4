package org.levistream.model.levi;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.levistream.model.backbone.BlockBackbone;
import org.levistream.model.optim.OptimizerSpec;
import org.levistream.model.tensor.NamedTensor;
import org.levistream.model.testing.Synthetic;

/**
 * The same training, started from one snapshot, on the CPU and on a target device. On a GPU machine
 * ({@code ./mvnw -B -Pgpu -pl model -am verify}, README "Running on an NVIDIA GPU") the target is the GPU: every
 * parameter, the optimizer's state and the batches must live there, and the result must match the CPU's within
 * float32 rounding. On the CPU the target is the CPU again and the two runs must agree bit for bit, which keeps
 * this harness honest in CI.
 */
@Timeout(180)
class DeviceParityTest {
    private static final int STEPS = 8;
    private static final int BATCH = 32;
    /** ‖target − cpu‖ over ‖cpu − start‖: float32 reordering on a GPU stays far below this. */
    private static final double GPU_TOLERANCE = 1e-2;

    @TempDir
    Path dir;

    @Test
    void twoTrainersRestoredFromOneSnapshotTrainBitIdentically() throws IOException {
        Parity parity = trainOnCpuAndOn(Device.cpu(), Method.LEVI);

        assertThat(parity.relativeDifference()).isZero();
        assertThat(parity.targetLosses()).isEqualTo(parity.cpuLosses());
    }

    @Tag("gpu")
    @ParameterizedTest
    @EnumSource(value = Method.class, names = {"LEVI", "FT", "SMALL_ONLY"})
    void theGpuTrainsLikeTheCpuWithEverythingOnTheGpu(Method method) throws IOException {
        Parity parity = trainOnCpuAndOn(Device.gpu(), method);

        assertThat(parity.relativeDifference()).isLessThan(GPU_TOLERANCE);
        for (int i = 0; i < STEPS; i++) {
            assertThat((double) parity.targetLosses().get(i))
                    .isCloseTo(parity.cpuLosses().get(i), org.assertj.core.data.Percentage.withPercentage(1));
        }
    }

    /** Trains on the CPU, then from the same start on {@code target}, checking where the target's arrays live. */
    private Parity trainOnCpuAndOn(Device target, Method method) throws IOException {
        Path file = dir.resolve("backbone.bin");
        try (BlockBackbone backbone = Synthetic.mlpBackbone()) {
            backbone.save(file);
        }
        // SGD keeps a rounding difference proportional; Adam's m/sqrt(v) would blow up a near-zero gradient's.
        ModelSpec spec = Synthetic.ratingSpec(method).optimizer(OptimizerSpec.sgd(0.05f, 0.9f)).build();
        TrainingState start;
        Run cpu;
        try (BlockBackbone backbone = method.usesBackbone() ? BlockBackbone.load(file, Device.cpu()) : null;
             LeviModel model = LeviModel.create(spec, backbone, Device.cpu());
             LeviTrainer trainer = new LeviTrainer(model, null)) {
            start = trainer.snapshot();
            cpu = train(trainer, Device.cpu());
        }
        try (BlockBackbone backbone = method.usesBackbone() ? BlockBackbone.load(file, target) : null;
             LeviModel model = LeviModel.create(spec, backbone, target);
             LeviTrainer trainer = new LeviTrainer(model, null)) {
            trainer.restore(start);
            Run onTarget = train(trainer, target);
            assertAllOn(target, model, trainer);
            return new Parity(start, cpu, onTarget);
        }
    }

    private static Run train(LeviTrainer trainer, Device device) {
        List<Float> losses = new ArrayList<>();
        for (int step = 0; step < STEPS; step++) {
            try (NDManager m = NDManager.newBaseManager(device)) {
                Batch plain = Synthetic.ratingBatch(m, 3, step, BATCH);
                // As the trainer's builders do: the touched rows made on the host, shipped on the device.
                Batch batch = plain.withIdRows(plain.taskInput().head().toLongArray(), 2, m);
                assertThat(batch.taskInput().head().getDevice()).isEqualTo(device);
                assertThat(batch.idRows().rows().head().getDevice()).isEqualTo(device);
                losses.add(trainer.trainStep(batch));
            }
        }
        return new Run(trainer.snapshot(), losses);
    }

    private static void assertAllOn(Device target, LeviModel model, LeviTrainer trainer) {
        model.trainableParameters().forEach((name, p) ->
                assertThat(p.getArray().getDevice()).as(name).isEqualTo(target));
        if (model.backbone() != null) {
            model.backbone().parameters().forEach((name, p) ->
                    assertThat(p.getArray().getDevice()).as(name).isEqualTo(target));
        }
        assertThat(trainer.manager().getDevice()).isEqualTo(target);
    }

    private record Run(TrainingState state, List<Float> losses) {}

    private record Parity(TrainingState start, Run cpu, Run target) {
        List<Float> cpuLosses() {
            return cpu.losses();
        }

        List<Float> targetLosses() {
            return target.losses();
        }

        /** ‖target − cpu‖ / ‖cpu − start‖ over every trainable parameter. */
        double relativeDifference() {
            Map<String, float[]> begin = byName(start);
            Map<String, float[]> onCpu = byName(cpu.state());
            Map<String, float[]> onTarget = byName(target.state());
            double difference = 0;
            double change = 0;
            for (Map.Entry<String, float[]> e : onCpu.entrySet()) {
                float[] c = e.getValue();
                float[] t = onTarget.get(e.getKey());
                float[] s = begin.get(e.getKey());
                for (int i = 0; i < c.length; i++) {
                    difference += Math.pow((double) t[i] - c[i], 2);
                    change += Math.pow((double) c[i] - s[i], 2);
                }
            }
            assertThat(change).as("training changed nothing: the comparison would be empty").isPositive();
            return Math.sqrt(difference / change);
        }

        private static Map<String, float[]> byName(TrainingState state) {
            Map<String, float[]> out = new LinkedHashMap<>();
            for (NamedTensor t : state.parameters()) {
                out.put(t.name(), t.toArray());
            }
            return out;
        }
    }
}
