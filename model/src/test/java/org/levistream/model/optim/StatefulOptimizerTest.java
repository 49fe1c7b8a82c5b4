package org.levistream.model.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.levistream.model.tensor.NamedTensor;

@Timeout(60)
class StatefulOptimizerTest {
    private static final Shape TABLE = new Shape(10, 3);
    private static final Shape DENSE = new Shape(4);

    private NDManager params;

    @BeforeEach
    void openManager() {
        params = NDManager.newBaseManager(Device.cpu());
    }

    @AfterEach
    void closeManager() {
        params.close();
    }

    @Test
    void adamMatchesTheTextbookUpdate() {
        OptimizerSpec spec = OptimizerSpec.adam(0.1f);
        NDArray w = weight(new float[] {1, -2, 3, 0.5f});
        float[] expected = w.toFloatArray();
        double[] m = new double[4];
        double[] v = new double[4];
        try (StatefulOptimizer opt = new StatefulOptimizer(spec, Map.of("w", DENSE), Device.cpu())) {
            for (int t = 1; t <= 3; t++) {
                // loss = sum(w^2) * t, so grad = 2 t w
                float[] current = w.toFloatArray();
                for (int i = 0; i < 4; i++) {
                    double g = 2.0 * t * current[i];
                    m[i] = 0.9 * m[i] + 0.1 * g;
                    v[i] = 0.999 * v[i] + 0.001 * g * g;
                    double mHat = m[i] / (1 - Math.pow(0.9, t));
                    double vHat = v[i] / (1 - Math.pow(0.999, t));
                    expected[i] = (float) (current[i] - 0.1 * mHat / (Math.sqrt(vHat) + 1e-8));
                }
                final int scale = t;
                step(opt, "w", w, null, x -> x.square().sum().mul(scale));
            }
            assertThat(w.toFloatArray()).usingComparatorWithPrecision(1e-5f).containsExactly(expected);
        }
    }

    /**
     * The update with the settings held as scalar arrays is bit for bit the update written with Java numbers (each
     * of which DJL turns into a scalar array for the one op): dense and row-sparse Adam with weight decay.
     */
    @Test
    void adamWithScalarArraysIsBitIdenticalToAdamWithNumbers() {
        OptimizerSpec spec = OptimizerSpec.adam(0.003f).withWeightDecay(0.01f);
        NDArray w = params.randomNormal(TABLE);
        w.setRequiresGradient(true);
        long[] rows = {1, 4, 7};
        float[] reference = w.toFloatArray();
        float[] m = new float[reference.length];
        float[] v = new float[reference.length];
        try (StatefulOptimizer opt = new StatefulOptimizer(spec, Map.of("w", TABLE), Device.cpu())) {
            for (int t = 1; t <= 4; t++) {
                long[] touched = t % 2 == 0 ? rows : null;   // dense and row-sparse steps in turn
                final int scale = t;
                try (NDManager scope = params.newSubManager()) {
                    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                        scope.tempAttachAll(w);
                        collector.backward(w.square().sum().mul(scale));
                    }
                    w.attach(params);
                    // The gradient the update will read (rows a sparse step skipped keep what they had).
                    float[][] next = withNumbers(spec, reference, m, v, w.getGradient().toFloatArray(), t, touched);
                    reference = next[0];
                    m = next[1];
                    v = next[2];
                    opt.update(scope, "w", w, touched);
                }
                assertThat(bits(w.toFloatArray())).as("step %d", t).isEqualTo(bits(reference));
            }
        }
    }

    /** One Adam update written with Java numbers, the way the optimizer wrote it before; returns w, m and v. */
    private float[][] withNumbers(OptimizerSpec spec, float[] w0, float[] m0, float[] v0, float[] g0, long t,
                                  long[] rows) {
        try (NDManager s = params.newSubManager()) {
            NDArray w = s.create(w0, TABLE);
            NDArray m = s.create(m0, TABLE);
            NDArray v = s.create(v0, TABLE);
            NDArray grad = s.create(g0, TABLE);
            float c1 = (float) (1 - Math.pow(spec.beta1(), t));
            float c2 = (float) (1 - Math.pow(spec.beta2(), t));
            if (rows == null) {
                NDArray g = grad.add(w.mul(spec.weightDecay()));
                m.muli(spec.beta1()).addi(g.mul(1 - spec.beta1()));
                v.muli(spec.beta2()).addi(g.square().muli(1 - spec.beta2()));
                w.subi(m.div(c1).divi(v.div(c2).sqrt().addi(spec.epsilon())).muli(spec.learningRate()));
            } else {
                ai.djl.ndarray.index.NDIndex index = new ai.djl.ndarray.index.NDIndex("{}", s.create(rows));
                NDArray g = grad.get(index).add(w.get(index).mul(spec.weightDecay()));
                NDArray mr = m.get(index).muli(spec.beta1()).addi(g.mul(1 - spec.beta1()));
                NDArray vr = v.get(index).muli(spec.beta2()).addi(g.square().muli(1 - spec.beta2()));
                m.set(index, mr);
                v.set(index, vr);
                NDArray step = mr.div(c1).divi(vr.div(c2).sqrt().addi(spec.epsilon())).muli(spec.learningRate());
                w.set(index, w.get(index).subi(step));
            }
            return new float[][] {w.toFloatArray(), m.toFloatArray(), v.toFloatArray()};
        }
    }

    private static int[] bits(float[] values) {
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }

    /** A backbone factor of 0 leaves the backbone's parameters bit-identical while the head's move. */
    @Test
    void backboneFactorZeroFreezesTheBackboneGroupOnly() {
        for (OptimizerSpec base : java.util.List.of(OptimizerSpec.adam(0.1f), OptimizerSpec.sgd(0.1f, 0.9f))) {
            NDArray backbone = weight(new float[] {1, -2, 3, 0.5f});
            NDArray head = weight(new float[] {1, -2, 3, 0.5f});
            float[] before = backbone.toFloatArray();
            Map<String, Shape> shapes = new LinkedHashMap<>();
            shapes.put("backbone.w", DENSE);
            shapes.put("head.w", DENSE);
            try (StatefulOptimizer opt = new StatefulOptimizer(base.withBackboneLearningRateFactor(0f), shapes,
                    Device.cpu())) {
                for (int t = 0; t < 3; t++) {
                    step(opt, "backbone.w", backbone, null, x -> x.square().sum());
                    step(opt, "head.w", head, null, x -> x.square().sum());
                }
            }
            assertThat(bits(backbone.toFloatArray())).as(base.kind().name()).containsExactly(bits(before));
            assertThat(head.toFloatArray()).as(base.kind().name()).isNotEqualTo(before);
        }
    }

    /** A factor of 1 is today's single-rate step bit for bit; a factor of 0.1 is a run at a tenth of the rate. */
    @Test
    void backboneFactorScalesOnlyTheBackboneGroupAndOneIsTheSingleRateStep() {
        for (OptimizerSpec base : java.util.List.of(OptimizerSpec.adam(0.03f).withWeightDecay(0.01f),
                OptimizerSpec.sgd(0.1f, 0.9f))) {
            for (float factor : new float[] {1f, 0.1f}) {
                float[] start = {1, -2, 3, 0.5f};
                NDArray grouped = weight(start);
                NDArray head = weight(start);
                NDArray single = weight(start);
                Map<String, Shape> shapes = new LinkedHashMap<>();
                shapes.put("backbone.layer.weight", DENSE);
                shapes.put("head.weight", DENSE);
                OptimizerSpec singleSpec = factor == 1f ? base
                        : new OptimizerSpec(base.kind(), base.learningRate() * factor, base.beta1(), base.beta2(),
                                base.epsilon(), base.momentum(), base.weightDecay(), 1f);
                try (StatefulOptimizer opt = new StatefulOptimizer(base.withBackboneLearningRateFactor(factor), shapes,
                        Device.cpu());
                     StatefulOptimizer reference = new StatefulOptimizer(singleSpec, Map.of("w", DENSE),
                             Device.cpu())) {
                    for (int t = 1; t <= 3; t++) {
                        final int scale = t;
                        step(opt, "backbone.layer.weight", grouped, null, x -> x.square().sum().mul(scale));
                        step(opt, "head.weight", head, null, x -> x.square().sum().mul(scale));
                        step(reference, "w", single, null, x -> x.square().sum().mul(scale));
                    }
                }
                String what = base.kind() + " factor " + factor;
                assertThat(bits(grouped.toFloatArray())).as(what).containsExactly(bits(single.toFloatArray()));
                if (factor == 1f) {
                    assertThat(bits(head.toFloatArray())).as(what).containsExactly(bits(single.toFloatArray()));
                } else {
                    assertThat(head.toFloatArray()).as(what).isNotEqualTo(single.toFloatArray());
                }
            }
        }
    }

    @Test
    void backboneFactorOutsideZeroToOneIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> OptimizerSpec.sgd(0.1f, 0.9f).withBackboneLearningRateFactor(1.5f))
                .hasMessageContaining("model.optimizer.backbone.lr.factor was 1.5 but must be in [0, 1]");
        assertThatThrownBy(() -> OptimizerSpec.adam(0.1f).withBackboneLearningRateFactor(Float.NaN))
                .hasMessageContaining("model.optimizer.backbone.lr.factor was NaN");
    }

    @Test
    void sgdWithMomentumMatchesPyTorchsForm() {
        NDArray w = weight(new float[] {1, 1, 1, 1});
        try (StatefulOptimizer opt = new StatefulOptimizer(OptimizerSpec.sgd(0.5f, 0.9f), Map.of("w", DENSE), Device.cpu())) {
            step(opt, "w", w, null, x -> x.sum()); // g = 1: v = 1, w = 1 - 0.5
            step(opt, "w", w, null, x -> x.sum()); // g = 1: v = 1.9, w = 0.5 - 0.95
            assertThat(w.toFloatArray()).usingComparatorWithPrecision(1e-6f).containsOnly(-0.45f);
        }
    }

    @Test
    void rowSparseUpdateLeavesUntouchedRowsAndTheirMomentsBitIdentical() {
        NDArray table = params.randomNormal(TABLE);
        table.setRequiresGradient(true);
        float[] before = table.toFloatArray();
        long[] touched = {1, 4};
        try (StatefulOptimizer opt = new StatefulOptimizer(OptimizerSpec.adam(0.1f).withWeightDecay(0.01f),
                Map.of("table", TABLE), Device.cpu())) {
            for (int i = 0; i < 3; i++) {
                step(opt, "table", table, touched, x -> embed(x, touched).square().sum());
            }
            float[] after = table.toFloatArray();
            OptimizerState state = opt.snapshot();
            float[] m = state.slots().get(0).moments().get(0).toArray();
            float[] v = state.slots().get(0).moments().get(1).toArray();
            for (int row = 0; row < 10; row++) {
                for (int c = 0; c < 3; c++) {
                    int i = row * 3 + c;
                    if (row == 1 || row == 4) {
                        assertThat(after[i]).as("row %s was updated", row).isNotEqualTo(before[i]);
                        assertThat(v[i]).isPositive();
                    } else {
                        assertThat(Float.floatToRawIntBits(after[i])).as("row %s untouched", row)
                                .isEqualTo(Float.floatToRawIntBits(before[i]));
                        assertThat(Float.floatToRawIntBits(m[i])).isZero();
                        assertThat(Float.floatToRawIntBits(v[i])).isZero();
                    }
                }
            }
            assertThat(table.getGradient().toFloatArray()).as("gradient zeroed after the update").containsOnly(0f);
        }
    }

    @Test
    void stateWrittenAndReadBackContinuesBitIdentically() throws IOException {
        Map<String, Shape> shapes = new LinkedHashMap<>();
        shapes.put("table", TABLE);
        shapes.put("w", DENSE);
        long[] rows = {0, 7};
        NDArray tableA = params.randomNormal(TABLE);
        NDArray wA = params.randomNormal(DENSE);
        NDArray tableB = tableA.duplicate();
        NDArray wB = wA.duplicate();
        for (NDArray a : new NDArray[] {tableA, wA, tableB, wB}) {
            a.setRequiresGradient(true);
        }
        OptimizerSpec spec = OptimizerSpec.adam(0.05f);
        byte[] saved;
        try (StatefulOptimizer straight = new StatefulOptimizer(spec, shapes, Device.cpu());
             StatefulOptimizer first = new StatefulOptimizer(spec, shapes, Device.cpu())) {
            for (int i = 0; i < 5; i++) {
                updateBoth(straight, tableA, wA, rows, i);
            }
            for (int i = 0; i < 2; i++) {
                updateBoth(first, tableB, wB, rows, i);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            first.snapshot().writeTo(out);
            saved = out.toByteArray();

            try (StatefulOptimizer resumed = new StatefulOptimizer(spec, shapes, Device.cpu())) {
                resumed.restore(OptimizerState.readFrom(new ByteArrayInputStream(saved)));
                assertThat(stateBits(resumed.snapshot())).isEqualTo(stateBits(first.snapshot()));
                for (int i = 2; i < 5; i++) {
                    updateBoth(resumed, tableB, wB, rows, i);
                }
                assertThat(NamedTensor.copyOf("t", tableB).bitEquals(NamedTensor.copyOf("t", tableA))).isTrue();
                assertThat(NamedTensor.copyOf("w", wB).bitEquals(NamedTensor.copyOf("w", wA))).isTrue();
                assertThat(stateBits(resumed.snapshot())).isEqualTo(stateBits(straight.snapshot()));
            }
        }
    }

    @Test
    void restoreNamesTheMismatch() {
        try (StatefulOptimizer two = new StatefulOptimizer(OptimizerSpec.adam(0.1f),
                     new LinkedHashMap<>(Map.of("a", DENSE)), Device.cpu());
             StatefulOptimizer sgd = new StatefulOptimizer(OptimizerSpec.sgd(0.1f, 0.5f), Map.of("a", DENSE), Device.cpu());
             StatefulOptimizer other = new StatefulOptimizer(OptimizerSpec.adam(0.1f), Map.of("a", new Shape(5)),
                     Device.cpu())) {
            assertThatThrownBy(() -> sgd.restore(two.snapshot())).hasMessageContaining("the state is for ADAM but the optimizer is SGD");
            assertThatThrownBy(() -> other.restore(two.snapshot()))
                    .hasMessageContaining("a/m has shape (4) in the state but (5) in the model");
        }
    }

    private void updateBoth(StatefulOptimizer opt, NDArray table, NDArray w, long[] rows, int i) {
        step(opt, "table", table, rows, x -> embed(x, rows).mul(i + 1).square().sum());
        step(opt, "w", w, null, x -> x.mul(x).mul(i + 1).sum());
    }

    private static NDArray embed(NDArray table, long[] rows) {
        return table.get(new ai.djl.ndarray.index.NDIndex("{}", table.getManager().create(rows)));
    }

    /** Runs loss(weight) backward in a scope and applies one update. */
    private void step(StatefulOptimizer opt, String name, NDArray weight, long[] rows,
                      java.util.function.Function<NDArray, NDArray> loss) {
        try (NDManager scope = params.newSubManager()) {
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                scope.tempAttachAll(weight);
                collector.backward(loss.apply(weight));
            }
            // Hand the weight back so that update() can borrow it; scopes nest per step in the trainer too.
            weight.attach(params);
            opt.update(scope, name, weight, rows);
        }
    }

    private NDArray weight(float[] values) {
        NDArray w = params.create(values);
        w.setRequiresGradient(true);
        return w;
    }

    private static java.util.List<Object> stateBits(OptimizerState state) {
        java.util.List<Object> out = new java.util.ArrayList<>();
        for (OptimizerState.Slot s : state.slots()) {
            out.add(s.name());
            out.add(s.steps());
            for (NamedTensor t : s.moments()) {
                out.add(t.name());
                float[] values = t.toArray();
                int[] bits = new int[values.length];
                for (int i = 0; i < values.length; i++) {
                    bits[i] = Float.floatToRawIntBits(values[i]);
                }
                out.add(java.util.Arrays.toString(bits));
            }
        }
        return out;
    }
}
