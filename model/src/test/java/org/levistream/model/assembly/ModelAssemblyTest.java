package org.levistream.model.assembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.levistream.model.backbone.BlockBackbone;
import org.levistream.common.config.InvalidConfigException;
import org.levistream.model.levi.Method;
import org.levistream.model.testing.Synthetic;

@Timeout(60)
class ModelAssemblyTest {

    @Test
    void zeroIdTablesStartsEveryIdRowAtZero() throws IOException {
        try (ModelAssembly a = ModelAssembly.open(Synthetic.ratingSpec(Method.SMALL_ONLY).build(), null, Device.cpu(),
                new AssemblyOptions(0, true))) {
            assertThat(a.model().ownParameters()).containsKeys("small.table0", "small.table1");
            a.model().ownParameters().forEach((name, p) -> {
                if (name.startsWith("small.table")) {
                    assertThat(p.getArray().abs().sum().getFloat()).as(name).isZero();
                }
            });
            assertThat(a.backbone()).isNull();
            assertThat(a.device()).isEqualTo(Device.cpu());
        }
    }

    @Test
    void aMethodThatTrainsTheBackboneGetsNoTapCacheEvenWhenOneIsAskedFor() throws IOException {
        // LeviTrainer refuses a tap cache for fine-tuning; the assembly must not offer one
        try (ModelAssembly a = ModelAssembly.open(Synthetic.ratingSpec(Method.FT).build(),
                Synthetic::mlpBackbone, Device.cpu(), new AssemblyOptions(1000, false));
             NDManager m = NDManager.newBaseManager(Device.cpu())) {
            assertThat(a.trainer().trainStep(Synthetic.ratingBatch(m, 1, 0, 8))).isFinite();
            assertThat(a.model().backbone()).isSameAs(a.backbone());
        }
    }

    @Test
    void aFrozenBackboneIsTappedThroughTheCache() throws IOException {
        try (ModelAssembly a = ModelAssembly.open(Synthetic.ratingSpec(Method.LEVI).build(),
                Synthetic::mlpBackbone, Device.cpu(), new AssemblyOptions(1000, false));
             NDManager m = NDManager.newBaseManager(Device.cpu())) {
            float first = a.trainer().trainStep(Synthetic.ratingBatch(m, 1, 0, 8));
            float again = a.trainer().trainStep(Synthetic.ratingBatch(m, 1, 0, 8));

            assertThat(first).isFinite();
            assertThat(again).isFinite().isNotEqualTo(first);
        }
    }

    @Test
    void theBackboneIsClosedWhenTheModelDoesNotFitIt() {
        List<BlockBackbone> opened = new ArrayList<>();

        assertThatThrownBy(() -> ModelAssembly.open(Synthetic.ratingSpec(Method.LEVI).taps(List.of("nope")).build(),
                () -> {
                    BlockBackbone b = Synthetic.mlpBackbone();
                    opened.add(b);
                    return b;
                }, Device.cpu(), AssemblyOptions.DEFAULT)).isInstanceOf(InvalidConfigException.class);

        assertThat(opened).hasSize(1);
        assertThat(opened.get(0).parameters().values().iterator().next().getArray().isReleased()).isTrue();
    }
}
