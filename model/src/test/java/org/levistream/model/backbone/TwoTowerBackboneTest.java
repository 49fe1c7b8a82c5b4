package org.levistream.model.backbone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.levistream.common.config.InvalidConfigException;
import org.levistream.model.internal.Sha256;
import org.levistream.model.testing.Synthetic;

@Timeout(60)
class TwoTowerBackboneTest {
    private static final int ROWS = 5;
    private static final String GOLDEN_MLP_HASH = "79c103cf55c867258dd67a448752984af145af579268b24009d59402b72daf03";

    @TempDir
    Path dir;

    @Test
    void tapsEveryTowerAndJointLayerAsBatchByWidth() {
        try (BlockBackbone backbone = Synthetic.twoTowerBackbone();
             NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDList taps = backbone.taps(new NDList(m.randomNormal(new Shape(ROWS, Synthetic.FEATURES))), false);

            assertThat(backbone.inputShape()).isEqualTo(new Shape(Synthetic.FEATURES));
            assertThat(backbone.taps()).containsExactly(new TapInfo("content1", 8), new TapInfo("content2", 8),
                    new TapInfo("context1", 8), new TapInfo("context2", 6), new TapInfo("joint1", 8));
            assertThat(taps.getShapes()).containsExactly(new Shape(ROWS, 8), new Shape(ROWS, 8), new Shape(ROWS, 8),
                    new Shape(ROWS, 6), new Shape(ROWS, 8));
            assertThat(taps.head().getManager()).isSameAs(m);
            assertThat(backbone.parameters()).containsOnlyKeys("content1.weight", "content1.bias", "content2.weight",
                    "content2.bias", "context1.weight", "context1.bias", "context2.weight", "context2.bias",
                    "joint1.weight", "joint1.bias");
            assertThat(backbone.parameters().get("context1.weight").getArray().getShape())
                    .isEqualTo(new Shape(8, Synthetic.FEATURES - Synthetic.CONTENT_FEATURES));
            assertThat(backbone.parameters().get("joint1.weight").getArray().getShape()).isEqualTo(new Shape(8, 8 + 6));
        }
    }

    @Test
    void contentTapsIgnoreTheContextColumnsAndContextTapsIgnoreTheContentColumns() {
        try (BlockBackbone backbone = Synthetic.twoTowerBackbone();
             NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray row = m.randomNormal(new Shape(ROWS, Synthetic.FEATURES));
            NDIndex contentColumns = new NDIndex().addAllDim().addSliceDim(0, Synthetic.CONTENT_FEATURES);
            NDIndex contextColumns = new NDIndex().addAllDim().addSliceDim(Synthetic.CONTENT_FEATURES,
                    Synthetic.FEATURES);
            NDArray otherContext = row.duplicate();
            otherContext.set(contextColumns, m.randomNormal(new Shape(ROWS, Synthetic.FEATURES
                    - Synthetic.CONTENT_FEATURES)));
            NDArray otherContent = row.duplicate();
            otherContent.set(contentColumns, m.randomNormal(new Shape(ROWS, Synthetic.CONTENT_FEATURES)));

            float[][] base = rows(backbone.taps(new NDList(row), false));
            float[][] newContext = rows(backbone.taps(new NDList(otherContext), false));
            float[][] newContent = rows(backbone.taps(new NDList(otherContent), false));

            for (int t : new int[] {0, 1}) {   // content1, content2
                assertThat(newContext[t]).as("content tap %s with other context", t).containsExactly(base[t]);
                assertThat(newContent[t]).as("content tap %s with other content", t).isNotEqualTo(base[t]);
            }
            for (int t : new int[] {2, 3}) {   // context1, context2
                assertThat(newContent[t]).as("context tap %s with other content", t).containsExactly(base[t]);
                assertThat(newContext[t]).as("context tap %s with other context", t).isNotEqualTo(base[t]);
            }
            assertThat(newContext[4]).as("joint tap with other context").isNotEqualTo(base[4]);
            assertThat(newContent[4]).as("joint tap with other content").isNotEqualTo(base[4]);
        }
    }

    @Test
    void tapsOnlyTheNamedLayersInNetworkOrder() {
        BackboneArchitecture some = Synthetic.twoTowerArchitecture().withTaps("joint1", "content2");
        try (BlockBackbone all = Synthetic.twoTowerBackbone();
             BlockBackbone selected = BlockBackbone.create(some, 7, Device.cpu());
             NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDList input = new NDList(m.randomNormal(new Shape(ROWS, Synthetic.FEATURES)));

            float[][] every = rows(all.taps(input, false));
            float[][] chosen = rows(selected.taps(input, false));

            assertThat(selected.taps()).extracting(TapInfo::name).containsExactly("content2", "joint1");
            assertThat(chosen[0]).containsExactly(every[1]);
            assertThat(chosen[1]).containsExactly(every[4]);
            assertThat(selected.contentHash()).as("the taps are part of the saved architecture")
                    .isNotEqualTo(all.contentHash());
        }
    }

    @Test
    void savedBackboneLoadsWithIdenticalTapsAndTheSameHash() throws IOException {
        Path file = dir.resolve("two-tower.levi");
        BackboneStore store = new BackboneStore(dir.resolve("store"));
        try (BlockBackbone original = Synthetic.twoTowerBackbone();
             NDManager m = NDManager.newBaseManager(Device.cpu())) {
            String written = original.save(file);
            NDList input = new NDList(m.randomNormal(new Shape(ROWS, Synthetic.FEATURES)));
            try (BlockBackbone loaded = BlockBackbone.load(file, Device.cpu());
                 Backbone reopened = store.open(store.put(loaded), Device.cpu())) {
                assertThat(written).isEqualTo(original.contentHash()).isEqualTo(Sha256.hex(file));
                assertThat(loaded.contentHash()).isEqualTo(original.contentHash());
                assertThat(reopened.contentHash()).isEqualTo(original.contentHash());
                assertThat(loaded.architecture()).isEqualTo(original.architecture());
                assertThat(loaded.taps()).isEqualTo(original.taps());
                float[][] before = rows(original.taps(input, false));
                for (Backbone copy : List.of(loaded, reopened)) {
                    float[][] after = rows(copy.taps(input, false));
                    for (int t = 0; t < before.length; t++) {
                        assertThat(after[t]).as("tap %s", t).containsExactly(before[t]);
                    }
                }
                assertThat(loaded.isTrainable()).isFalse();
            }
        }
    }

    @Test
    void aBackboneSavedBeforeTowersExistedLoadsAndWritesBackTheSameBytes() throws IOException, URISyntaxException {
        Path golden = Path.of(getClass().getResource(
                "/checkpoints/v1/backbones/" + GOLDEN_MLP_HASH + "/backbone.levi").toURI());
        try (BlockBackbone old = BlockBackbone.load(golden, Device.cpu())) {
            ByteArrayOutputStream rewritten = new ByteArrayOutputStream();
            old.writeTo(rewritten);

            assertThat(old.architecture()).isEqualTo(BackboneArchitecture.mlp(4, 6, 6, 4));
            assertThat(old.taps()).extracting(TapInfo::name).containsExactly("layer1", "layer2", "layer3");
            assertThat(old.contentHash()).isEqualTo(GOLDEN_MLP_HASH);
            assertThat(rewritten.toByteArray()).isEqualTo(Files.readAllBytes(golden));
        }
    }

    @Test
    void aFileWithAnInvalidArchitectureFailsNamingTheFileAndTheProblem() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream data = new DataOutputStream(bytes);
        data.write("LEVIBB01".getBytes(StandardCharsets.US_ASCII));
        data.writeUTF("{\"kind\":\"TWO_TOWER\",\"inputShape\":[12],\"widths\":[8]}");
        Path file = Files.write(dir.resolve("broken.levi"), bytes.toByteArray());

        assertThatThrownBy(() -> BlockBackbone.load(file, Device.cpu()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("backbone.towers was missing");
    }

    @Test
    void architectureValidationNamesEveryProblem() {
        assertThatThrownBy(() -> BackboneArchitecture.twoTower(0, 12, List.of(), List.of(8), List.of(0)))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("backbone.widths was [0] but every width must be at least 1")
                .hasMessageContaining("backbone.towers.content was [] but must list at least one layer width")
                .hasMessageContaining("backbone.towers.content.features was 0 but must be in [1, 11]");
        assertThatThrownBy(() -> BackboneArchitecture.mlp(4, 6, 6).withTaps("joint1", "layer2", "layer2"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("joint1 is not a layer; the layers are [layer1, layer2]")
                .hasMessageContaining("names layer2 twice");
        assertThatThrownBy(() -> new BackboneArchitecture(BackboneArchitecture.Kind.MLP, List.of(4L), List.of(6),
                new BackboneArchitecture.Towers(2, List.of(4), List.of(4)), List.of()))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("only a TWO_TOWER backbone has towers");
    }

    @Test
    void summaryShowsBothTowersTheJointLayersAndTheTaps() {
        assertThat(BackboneArchitecture.twoTower(121, 123, List.of(64, 32), List.of(64, 32), List.of(32))
                .withTaps("content1", "joint1").summary())
                .isEqualTo("TWO_TOWER input 244: content 121 → 64 → 32, context 123 → 64 → 32, joint 64 → 32;"
                        + " taps content1(64) joint1(32)");
    }

    private static float[][] rows(NDList taps) {
        float[][] out = new float[taps.size()][];
        for (int t = 0; t < taps.size(); t++) {
            out[t] = taps.get(t).toFloatArray();
        }
        return out;
    }
}
