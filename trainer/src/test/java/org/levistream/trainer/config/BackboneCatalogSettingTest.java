package org.levistream.trainer.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.levistream.common.config.InvalidConfigException;
import org.levistream.model.backbone.Backbone;
import org.levistream.model.backbone.BackboneCatalog;
import org.levistream.model.backbone.BackboneStore;
import org.levistream.model.backbone.bert.MiniLm;

/** {@code trainer.backbone.catalog} reads the backbones.json that {@code levi pretrain} writes. */
class BackboneCatalogSettingTest {
    private static final String HASH = "0123456789abcdef".repeat(4);

    @TempDir
    Path dir;

    private TrainerConfig config(String name) {
        return TrainerSettings.toConfig(TrainerSettings.merge(
                Map.of("trainer.experiment", "catalog-test", "trainer.backbone.catalog", dir.toString(),
                        "trainer.backbone.name", name)));
    }

    @Test
    void aCataloguedNameBecomesTheStoredBackboneWithItsHash() throws IOException {
        BackboneCatalog.open(dir).put("movielens", new BackboneCatalog.Entry(HASH, "two towers", Map.of()));

        BackboneSetting backbone = config("movielens").backbone();

        assertThat(backbone).isEqualTo(BackboneSetting.stored(dir.resolve("store"), "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"));
    }

    @Test
    void aNameTheCatalogueLacksIsAProblemThatSaysWhatToRun() throws IOException {
        BackboneCatalog.open(dir).put("movielens", new BackboneCatalog.Entry(HASH, "two towers", Map.of()));

        assertThatThrownBy(() -> config("digits")).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("trainer.backbone.name")
                .hasMessageContaining("must name a backbone in " + dir.resolve("backbones.json"))
                .hasMessageContaining("run 'levi pretrain --out " + dir + "'");
    }

    @Test
    void aFolderWithoutBackbonesJsonIsAProblemWithTheCatalogueSetting() {
        assertThatThrownBy(() -> config("movielens")).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("trainer.backbone.catalog")
                .hasMessageContaining("must be levi pretrain's output folder with a readable backbones.json");
    }

    @Test
    void theCataloguedMiniLmOpensThroughTheTrainersBackboneSetting() throws IOException {
        Path folder = java.nio.file.Files.createDirectories(MiniLm.dataFolder(dir.resolve("data")));
        for (String file : new String[] {MiniLm.ONNX_FILE, MiniLm.TOKENIZER_FILE}) {
            try (var in = BackboneCatalogSettingTest.class.getResourceAsStream("/" + file)) {
                java.nio.file.Files.copy(in, folder.resolve(file));
            }
        }
        MiniLm.catalogue(folder, BackboneCatalog.open(dir), Device.cpu());

        BackboneSetting backbone = config(MiniLm.CATALOG_NAME).backbone();

        assertThat(backbone).isEqualTo(BackboneSetting.stored(dir.resolve("store"), MiniLm.ONNX_SHA256));
        // What ModelSetup does with a stored setting: open it from the store by hash.
        try (Backbone b = new BackboneStore(backbone.store()).open(backbone.hash(), Device.cpu())) {
            assertThat(b.contentHash()).isEqualTo(MiniLm.ONNX_SHA256);
            assertThat(b.taps()).hasSize(7).allSatisfy(t -> assertThat(t.width()).isEqualTo(384));
        }
    }
}
