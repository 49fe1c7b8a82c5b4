package org.levistream.model.backbone;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.levistream.model.internal.Sha256;
import org.levistream.model.levi.Batch;
import org.levistream.model.levi.LeviModel;
import org.levistream.model.levi.LeviTrainer;
import org.levistream.model.levi.Method;
import org.levistream.model.levi.ModelSpec;
import org.levistream.model.optim.OptimizerSpec;
import org.levistream.model.task.SmallModelSpec;
import org.levistream.model.tensor.NamedTensor;

/** Uses {@code torchscript/tiny_backbone.pt}, made by {@code make_tiny_backbone.py} next to it. */
@Timeout(60)
class TorchScriptBackboneTest {
    private static final Shape INPUT = new Shape(8);

    @TempDir
    Path dir;

    @Test
    void loadsATorchScriptModuleAndTapsEveryReturnedHiddenState() throws Exception {
        try (TorchScriptBackbone backbone = TorchScriptBackbone.load(fixture(), INPUT, Device.cpu());
             NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDList taps = backbone.taps(new NDList(m.randomNormal(new Shape(5, 8))), false);

            assertThat(backbone.taps()).containsExactly(new TapInfo("h0", 16), new TapInfo("h1", 12), new TapInfo("h2", 6));
            assertThat(taps.getShapes()).containsExactly(new Shape(5, 16), new Shape(5, 12), new Shape(5, 6));
            assertThat(backbone.contentHash()).isEqualTo(Sha256.hex(fixture()));
            assertThat(backbone.parameters()).containsKeys("l0.weight", "l2.bias");
            assertThat(backbone.isTrainable()).isFalse();
        }
    }

    @Test
    void trainsUnderLeviWithTheModuleFrozen() throws Exception {
        ModelSpec spec = ModelSpec.builder().method(Method.LEVI).projectionWidth(8).headHidden(16)
                .small(SmallModelSpec.hashedIds(1, 16, 4, 4)).optimizer(OptimizerSpec.adam(1e-2f)).build();
        try (TorchScriptBackbone backbone = TorchScriptBackbone.load(fixture(), INPUT, Device.cpu());
             LeviModel model = LeviModel.create(spec, backbone, Device.cpu());
             LeviTrainer trainer = new LeviTrainer(model, null)) {
            Map<String, NamedTensor> before = copy(backbone.parameters());
            float first = 0;
            float last = 0;
            for (int s = 0; s < 80; s++) {
                try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
                    float loss = trainer.trainStep(batch(m, s));
                    first += s < 5 ? loss / 5 : 0;
                    last += s >= 75 ? loss / 5 : 0;
                }
            }

            assertThat(last).isLessThan(first / 4);
            assertThat(copy(backbone.parameters())).allSatisfy((name, t) ->
                    assertThat(t.bitEquals(before.get(name))).as(name).isTrue());
        }
    }

    @Test
    void fullFineTuningTrainsTheModulesOwnParameters() throws Exception {
        ModelSpec spec = ModelSpec.builder().method(Method.FT).optimizer(OptimizerSpec.adam(1e-2f)).build();
        try (TorchScriptBackbone backbone = TorchScriptBackbone.load(fixture(), INPUT, Device.cpu());
             LeviModel model = LeviModel.create(spec, backbone, Device.cpu());
             LeviTrainer trainer = new LeviTrainer(model, null)) {
            Map<String, NamedTensor> before = copy(backbone.parameters());
            for (int s = 0; s < 3; s++) {
                try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
                    trainer.trainStep(batch(m, s));
                }
            }

            assertThat(backbone.isTrainable()).isTrue();
            assertThat(model.trainableParameters()).containsKeys("backbone.l0.weight", "backbone.l2.bias");
            assertThat(copy(backbone.parameters())).allSatisfy((name, t) ->
                    assertThat(t.bitEquals(before.get(name))).as(name + " should have changed").isFalse());
        }
    }

    @Test
    void aStoredTorchScriptBackboneOpensAgain() throws Exception {
        BackboneStore store = new BackboneStore(dir);
        try (TorchScriptBackbone backbone = TorchScriptBackbone.load(fixture(), INPUT, Device.cpu())) {
            String hash = store.put(backbone);
            try (Backbone reopened = store.open(hash, Device.cpu())) {
                assertThat(reopened).isInstanceOf(TorchScriptBackbone.class);
                assertThat(reopened.taps()).isEqualTo(backbone.taps());
                assertThat(reopened.contentHash()).isEqualTo(hash);
            }
        }
    }

    /** Target: 2 + the input's first feature + the id's bias; a linear function of features and ids. */
    private static Batch batch(NDManager m, long step) {
        Random r = new Random(step);
        int size = 32;
        float[] x = new float[size * 8];
        long[] ids = new long[size];
        float[] y = new float[size];
        for (int i = 0; i < size; i++) {
            for (int f = 0; f < 8; f++) {
                x[i * 8 + f] = (float) r.nextGaussian();
            }
            ids[i] = r.nextInt(16);
            y[i] = 2f + x[i * 8] + (ids[i] % 4) * 0.5f;
        }
        return Batch.of(new NDList(m.create(x, new Shape(size, 8))), new NDList(m.create(ids, new Shape(size, 1))),
                m.create(y));
    }

    private static Map<String, NamedTensor> copy(Map<String, Parameter> parameters) {
        Map<String, NamedTensor> out = new LinkedHashMap<>();
        parameters.forEach((name, p) -> out.put(name, NamedTensor.copyOf(name, p.getArray())));
        return out;
    }

    static Path fixture() throws URISyntaxException {
        return Path.of(TorchScriptBackboneTest.class.getResource("/torchscript/tiny_backbone.pt").toURI());
    }
}
