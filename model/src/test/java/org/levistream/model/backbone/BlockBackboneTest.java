package org.levistream.model.backbone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.levistream.common.config.InvalidConfigException;
import org.levistream.model.internal.Sha256;
import org.levistream.model.testing.Synthetic;

@Timeout(60)
class BlockBackboneTest {
    @TempDir
    Path dir;

    @Test
    void mlpTapsEveryLayerAsBatchByWidth() {
        try (BlockBackbone backbone = Synthetic.mlpBackbone();
             NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDList taps = backbone.taps(new NDList(m.randomNormal(new Shape(5, Synthetic.FEATURES))), false);

            assertThat(backbone.taps()).containsExactly(new TapInfo("layer1", 16), new TapInfo("layer2", 16),
                    new TapInfo("layer3", 8));
            assertThat(taps.getShapes()).containsExactly(new Shape(5, 16), new Shape(5, 16), new Shape(5, 8));
            assertThat(taps.head().getManager()).isSameAs(m);
        }
    }

    @Test
    void cnnTapsAreSpatiallyAveragedFeatureMaps() {
        try (BlockBackbone backbone = Synthetic.cnnBackbone();
             NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDList taps = backbone.taps(new NDList(m.randomNormal(new Shape(3, 1, 28, 28))), false);

            assertThat(taps.getShapes()).containsExactly(new Shape(3, 4), new Shape(3, 8), new Shape(3, 8));
            assertThat(backbone.inputShape()).isEqualTo(new Shape(1, 28, 28));
        }
    }

    @Test
    void savedBackboneLoadsWithTheSameTapsAndHash() throws IOException {
        Path file = dir.resolve("mlp.levi");
        try (BlockBackbone original = Synthetic.mlpBackbone();
             NDManager m = NDManager.newBaseManager(Device.cpu())) {
            String written = original.save(file);
            NDList input = new NDList(m.randomNormal(new Shape(4, Synthetic.FEATURES)));
            try (BlockBackbone loaded = BlockBackbone.load(file, Device.cpu())) {
                assertThat(written).isEqualTo(original.contentHash()).isEqualTo(Sha256.hex(file));
                assertThat(loaded.contentHash()).isEqualTo(original.contentHash());
                assertThat(loaded.architecture()).isEqualTo(original.architecture());
                NDList a = original.taps(input, false);
                NDList b = loaded.taps(input, false);
                for (int t = 0; t < 3; t++) {
                    assertThat(b.get(t).toFloatArray()).containsExactly(a.get(t).toFloatArray());
                }
                assertThat(loaded.isTrainable()).isFalse();
            }
        }
    }

    @Test
    void theHashFollowsTheParameters() {
        BackboneArchitecture arch = BackboneArchitecture.mlp(Synthetic.FEATURES, 16, 16, 8);
        try (BlockBackbone a = BlockBackbone.create(arch, 1, Device.cpu());
             BlockBackbone sameSeed = BlockBackbone.create(arch, 1, Device.cpu());
             BlockBackbone otherSeed = BlockBackbone.create(arch, 2, Device.cpu())) {
            assertThat(a.contentHash()).matches("[0-9a-f]{64}").isEqualTo(sameSeed.contentHash());
            assertThat(otherSeed.contentHash()).isNotEqualTo(a.contentHash());
        }
    }

    @Test
    void rejectsAFileThatIsNotABackbone() throws IOException {
        Path file = Files.writeString(dir.resolve("bogus.levi"), "PK not a backbone");
        assertThatThrownBy(() -> BlockBackbone.load(file, Device.cpu()))
                .isInstanceOf(IOException.class).hasMessageContaining("does not start with LEVIBB01");
    }

    @Test
    void architectureValidationNamesEveryProblem() {
        assertThatThrownBy(() -> new BackboneArchitecture(BackboneArchitecture.Kind.CNN, java.util.List.of(28L),
                java.util.List.of(), null, null))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("backbone.widths was [] but must list at least one layer width")
                .hasMessageContaining("backbone.input.shape was [28] but a CNN backbone needs (channels, height, width)");
    }

    @Test
    void storeKeepsOneCopyByHashAndOpensItAgain() throws IOException {
        BackboneStore store = new BackboneStore(dir.resolve("store"));
        try (BlockBackbone original = Synthetic.mlpBackbone()) {
            String hash = store.put(original);
            assertThat(store.put(original)).isEqualTo(hash);
            try (Backbone reopened = store.open(hash, Device.cpu())) {
                assertThat(reopened).isInstanceOf(BlockBackbone.class);
                assertThat(reopened.contentHash()).isEqualTo(hash);
            }
            try (var entries = Files.list(dir.resolve("store"))) {
                assertThat(entries).extracting(p -> p.getFileName().toString()).containsExactly(hash);
            }
        }
    }

    @Test
    void storeDetectsACorruptBackbone() throws IOException {
        BackboneStore store = new BackboneStore(dir.resolve("store"));
        try (BlockBackbone original = Synthetic.mlpBackbone()) {
            String hash = store.put(original);
            Path file = dir.resolve("store").resolve(hash).resolve("backbone.levi");
            byte[] bytes = Files.readAllBytes(file);
            bytes[bytes.length - 1] ^= 0x40;
            Files.write(file, bytes);

            assertThatThrownBy(() -> store.open(hash, Device.cpu()))
                    .isInstanceOf(IOException.class).hasMessageContaining("is corrupt");
        }
    }
}
