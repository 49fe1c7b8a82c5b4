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

        assertThat(backbone).isEqualTo(BackboneSetting.stored(dir.resolve("store"),
                "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef").named("movielens", null));
        assertThat(backbone.readsText()).isFalse();
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

        BackboneSetting backbone = TrainerSettings.toConfig(TrainerSettings.merge(Map.of("trainer.experiment",
                "catalog-test", "trainer.backbone.catalog", dir.toString(), "trainer.backbone.name",
                MiniLm.CATALOG_NAME, "trainer.features", "movielens"))).backbone();

        assertThat(backbone).isEqualTo(BackboneSetting.stored(dir.resolve("store"), MiniLm.ONNX_SHA256)
                .named(MiniLm.CATALOG_NAME, folder.resolve(MiniLm.TOKENIZER_FILE).toAbsolutePath().normalize()));
        assertThat(backbone.readsText()).isTrue();
        // What ModelSetup does with a stored setting: open it from the store by hash.
        try (Backbone b = new BackboneStore(backbone.store()).open(backbone.hash(), Device.cpu())) {
            assertThat(b.contentHash()).isEqualTo(MiniLm.ONNX_SHA256);
            assertThat(b.taps()).hasSize(7).allSatisfy(t -> assertThat(t.width()).isEqualTo(384));
        }
    }

    private TrainerConfig textConfig(String... more) throws IOException {
        BackboneCatalog.open(dir).put(MiniLm.CATALOG_NAME, new BackboneCatalog.Entry(HASH, "bert",
                Map.of("tokenizer", dir.resolve("tokenizer.json").toString())));
        Map<String, String> settings = new java.util.HashMap<>(Map.of("trainer.experiment", "catalog-test",
                "trainer.backbone.catalog", dir.toString(), "trainer.backbone.name", MiniLm.CATALOG_NAME));
        for (int i = 0; i < more.length; i += 2) {
            settings.put(more[i], more[i + 1]);
        }
        return TrainerSettings.toConfig(TrainerSettings.merge(settings));
    }

    @Test
    void aTextEncoderReadsInteractionsAsTextWithoutGlove() throws IOException {
        TrainerConfig config = textConfig("trainer.features", "movielens");

        assertThat(config.backbone().tokenizer()).isEqualTo(dir.resolve("tokenizer.json"));
        assertThat(config.features().glove()).isNull();
    }

    @Test
    void aTextEncoderOnImagesIsAProblemNamingTheBackboneAndWhatFits() {
        assertThatThrownBy(() -> textConfig("trainer.features", "image")).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("trainer.backbone.name was minilm-l6 (a text encoder) but trainer.features was "
                        + "image; a text encoder fits interaction records only, with trainer.features=movielens")
                .hasMessageContaining("for trainer.features=image choose an image backbone such as fashion-mnist");
        assertThatThrownBy(() -> textConfig("trainer.features", "hashed")).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("trainer.features was hashed");
    }

    @Test
    void aTextEncoderCannotBeFineTunedFromItsPrecomputedViews() {
        assertThatThrownBy(() -> textConfig("trainer.features", "movielens", "model.method", "ft"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("model.method was ft but must keep the backbone frozen (levi, levi-last-layer, "
                        + "lp, last-layer-head or small-only) with trainer.backbone.name was minilm-l6");
    }

    @Test
    void theMovieLensLmConfigReadsItemsAsTextThroughTheCataloguedMiniLm() throws IOException {
        BackboneCatalog.open(dir).put(MiniLm.CATALOG_NAME, new BackboneCatalog.Entry(HASH, "bert",
                Map.of("tokenizer", dir.resolve("tokenizer.json").toString())));
        Map<String, String> file = new java.util.HashMap<>(org.levistream.common.config.SettingsLayers.readYaml(
                Path.of("..", "config", "trainer-movielens-lm.yaml")));
        file.put("trainer.backbone.catalog", dir.toString());   // levi pretrain's output, made here
        file.put("trainer.experiment", "live-lm");

        TrainerConfig config = TrainerSettings.toConfig(TrainerSettings.merge(file));

        assertThat(config.backbone().name()).isEqualTo(MiniLm.CATALOG_NAME);
        assertThat(config.backbone().readsText()).isTrue();
        assertThat(config.features().kind()).isEqualTo(FeatureSetting.Kind.MOVIELENS);
        assertThat(config.features().glove()).isNull();
        assertThat(config.model().method()).isEqualTo(org.levistream.model.levi.Method.LEVI);
    }
}
