package org.levistream.app.pretrain;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.levistream.app.Levi;
import org.levistream.app.offline.BackboneCatalog;
import org.levistream.model.backbone.Backbone;
import org.levistream.model.backbone.TapInfo;
import picocli.CommandLine;

@Timeout(120)
class PretrainCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path backbones;

    private int levi(String... args) {
        CommandLine cmd = Levi.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return cmd.execute(args);
    }

    @Test
    void quickPretrainingStoresBothBackbonesWithThreeTapsUnderTheirPrintedHashes() throws IOException {
        int code = levi("pretrain", "--quick", "--out", backbones.toString(),
                "--split-movielens", "../config/split-movielens.yaml", "--split-digits", "../config/split-digits.yaml");

        assertThat(code).as(err.toString()).isZero();
        BackboneCatalog catalog = BackboneCatalog.open(backbones);
        for (String name : new String[] {PretrainCommand.MOVIELENS, PretrainCommand.FASHION}) {
            String hash = catalog.entry(name).sha256();
            assertThat(out.toString()).contains(name + " backbone: sha256 " + hash).contains("steps/s", "took");
            try (Backbone b = catalog.source(name, Device.cpu()).open()) {
                assertThat(b.contentHash()).isEqualTo(hash);
                assertThat(b.taps()).hasSize(3).extracting(TapInfo::name).containsExactly("layer1", "layer2", "layer3");
            }
        }
    }

    @Test
    void namesAMissingSplitFileWithExitTwo() {
        assertThat(levi("pretrain", "--quick", "--out", backbones.toString(), "--split-movielens", "nope.yaml"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("split file nope.yaml does not exist");
    }
}
