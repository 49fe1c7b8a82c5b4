package org.levistream.app.pretrain;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.levistream.app.LeviCommands;
import org.levistream.model.backbone.BackboneCatalog;
import org.levistream.model.backbone.Backbone;
import org.levistream.model.backbone.BackboneArchitecture;
import org.levistream.model.backbone.BlockBackbone;
import org.levistream.model.backbone.TapInfo;
import org.levistream.model.backbone.bert.MiniLm;

@Timeout(120)
class PretrainCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path backbones;

    private int levi(String... args) {
        return LeviCommands.run(out, err, args);
    }

    @Test
    void quickPretrainingStoresBothBackbonesUnderTheirPrintedHashes() throws IOException {
        int code = levi("pretrain", "--quick", "--out", backbones.toString(),
                "--split-movielens", "../config/split-movielens.yaml", "--split-digits", "../config/split-digits.yaml");

        assertThat(code).as(err.toString()).isZero();
        BackboneCatalog catalog = BackboneCatalog.open(backbones);
        for (String name : new String[] {PretrainCommand.MOVIELENS, PretrainCommand.FASHION}) {
            String hash = catalog.entry(name).sha256();
            assertThat(out.toString()).contains(name + " backbone: sha256 " + hash).contains("steps/s", "took");
            try (Backbone b = catalog.source(name, Device.cpu()).open()) {
                assertThat(b.contentHash()).isEqualTo(hash);
                assertThat(b.taps()).extracting(TapInfo::name).containsExactly(name.equals(PretrainCommand.MOVIELENS)
                        ? new String[] {"content1", "content2", "context1", "context2", "joint1", "joint2"}
                        : new String[] {"layer1", "layer2", "layer3"});
            }
        }
    }

    @Test
    void theRecommendationBackboneHasSeparateContentAndUserContextTowers() throws IOException {
        int code = levi("pretrain", "--quick", "--only", "movielens", "--out", backbones.toString(),
                "--split-movielens", "../config/split-movielens.yaml");

        assertThat(code).as(err.toString()).isZero();
        BackboneCatalog.Entry entry = BackboneCatalog.open(backbones).entry(PretrainCommand.MOVIELENS);
        try (Backbone b = BackboneCatalog.open(backbones).source(PretrainCommand.MOVIELENS, Device.cpu()).open()) {
            BackboneArchitecture arch = ((BlockBackbone) b).architecture();
            int content = arch.towers().contentFeatures();
            assertThat(arch.kind()).isEqualTo(BackboneArchitecture.Kind.TWO_TOWER);
            assertThat(b.inputShape().get(0)).isEqualTo(2L * content + 2);   // [content c | context c + 2]
            assertThat(b.parameters().get("content1.weight").getArray().getShape().get(1)).isEqualTo(content);
            assertThat(b.parameters().get("context1.weight").getArray().getShape().get(1)).isEqualTo(content + 2);
            assertThat(entry.description()).startsWith("TWO_TOWER input " + (2 * content + 2) + ": content "
                    + content + " → 64 → 32, context " + (content + 2) + " → 64 → 32, joint 64 → 64 → 32;")
                    .contains("taps content1(64) content2(32) context1(64) context2(32) joint1(64) joint2(32)");
        }
    }

    @Test
    void namesAMissingSplitFileWithExitTwo() {
        assertThat(levi("pretrain", "--quick", "--out", backbones.toString(), "--split-movielens", "nope.yaml"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("split file nope.yaml does not exist");
    }

    @Test
    void cataloguesTheFetchedMiniLmUnderItsPinnedHash(@TempDir Path data) throws IOException {
        Path folder = java.nio.file.Files.createDirectories(MiniLm.dataFolder(data));
        for (String name : new String[] {MiniLm.ONNX_FILE, MiniLm.TOKENIZER_FILE}) {
            try (var in = PretrainCommandTest.class.getResourceAsStream("/" + name)) {
                java.nio.file.Files.copy(in, folder.resolve(name));
            }
        }
        int code = levi("pretrain", "--backbone", "minilm-l6", "--data-dir", data.toString(), "--out",
                backbones.toString(), "--device", "cpu");
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("minilm-l6 backbone: sha256 " + MiniLm.ONNX_SHA256);
        BackboneCatalog catalog = BackboneCatalog.read(backbones);
        assertThat(catalog.entry("minilm-l6").sha256()).isEqualTo(MiniLm.ONNX_SHA256);
        assertThat(catalog.find("movielens")).isEmpty();
    }

    @Test
    void namesTheFetchCommandWithExitTwoWhenMiniLmWasNotFetched(@TempDir Path data) {
        assertThat(levi("pretrain", "--backbone", "minilm-l6", "--data-dir", data.toString(), "--out",
                backbones.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("scripts/fetch-data.sh --only minilm");
    }
}
