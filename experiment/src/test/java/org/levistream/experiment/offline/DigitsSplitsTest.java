package org.levistream.experiment.offline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.levistream.ingest.split.SplitPlan;

@Timeout(60)
class DigitsSplitsTest {
    private static final String SPLIT = """
            records: images
            rules:
              - match: {domain: mnist, sample: {fraction: 0.2, seed: 3}}
                to: holdout
                copy:
                  - to: ood.rotated
                    transform: {rotate: 30}
              - match: {domain: mnist}
                to: live
              - match: {domain: optical-digits}
                to: ood.digits
              - match: {domain: fashion-mnist}
                to: pretrain
            """;

    private static final Path SHIPPED = Path.of("../config/split-digits.yaml");

    @TempDir
    Path dir;

    @Test
    void routesEachDomainAndKeepsRotatedCopiesOfExactlyTheIdTestImages() throws IOException {
        GeneratedData.write(dir, 5);

        OfflineSplits s = DigitsSplits.load(dir, SplitPlan.parse(SPLIT, "test split"),
                new LoadSettings(0.1, 1, 0, 0, 40, 0, false));

        assertThat(s.idTest().size()).isEqualTo(40);
        assertThat(s.ood().get("ood.rotated").size()).isEqualTo(40);
        assertThat(s.ood().get("ood.digits").size()).isEqualTo(150);
        assertThat(s.train().size() + s.validation().size()).isBetween(560, 720);
        assertThat(s.pretrain().size()).isZero();
        for (int i = 0; i < 40; i++) {
            assertThat(s.ood().get("ood.rotated").label(i)).isEqualTo(s.idTest().label(i));
        }
    }

    @Test
    void theIdTestSetIsMnistsOwnTestFilesAndValidationIsASliceOfTheTrainingFile() throws IOException {
        GeneratedData.write(dir, 5);   // MNIST: 700 training images, 100 test images

        OfflineSplits s = DigitsSplits.load(dir, SplitPlan.load(SHIPPED), new LoadSettings(0.1, 1, 0, 0, 0, 0, false));

        assertThat(s.idTest().size()).isEqualTo(100);
        assertThat(s.ood().get("ood.rotated").size()).isEqualTo(100);
        assertThat(s.train().size() + s.validation().size()).isEqualTo(700);
        assertThat(s.validation().size()).isBetween(40, 100);
        assertThat(keys((ImageSet) s.idTest())).allMatch(k -> k.startsWith("mnist-test:t10k-images-idx3-ubyte:"));
        assertThat(keys((ImageSet) s.validation())).allMatch(k -> k.startsWith("mnist:train-images-idx3-ubyte:"));
        assertThat(keys((ImageSet) s.train())).allMatch(k -> k.startsWith("mnist:train-images-idx3-ubyte:"));
        assertThat(s.pretrain().size()).isZero();
    }

    @Test
    void aSplitFileWithoutSourcesReadsTheDefaultOnes() throws IOException {
        GeneratedData.write(dir, 5);
        String shipped = Files.readString(SHIPPED);
        String withoutSources = shipped.substring(0, shipped.indexOf("\nsources:\n"))
                + shipped.substring(shipped.indexOf("\nrules:\n"));

        SplitPlan plan = SplitPlan.parse(withoutSources, "no sources");
        OfflineSplits s = DigitsSplits.load(dir, plan, new LoadSettings(0.1, 1, 0, 0, 0, 0, false));

        assertThat(plan.sources()).isEmpty();
        assertThat(s.summary()).isEqualTo(DigitsSplits.load(dir, SplitPlan.load(SHIPPED),
                new LoadSettings(0.1, 1, 0, 0, 0, 0, false)).summary());
        assertThat(s.idTest().size()).isEqualTo(100);
    }

    @Test
    void theShippedSplitFileDeclaresExactlyTheDefaultSources() {
        assertThat(SplitPlan.load(SHIPPED).sources()).isEqualTo(DigitsSplits.DEFAULT_SOURCES);
    }

    private static List<String> keys(ImageSet set) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < set.size(); i++) {
            keys.add(set.key(i));
        }
        return keys;
    }

    @Test
    void readsFashionMnistAsPretrainingDataWhenAsked() throws IOException {
        GeneratedData.write(dir, 5);

        OfflineSplits s = DigitsSplits.load(dir, SplitPlan.parse(SPLIT, "test split"),
                new LoadSettings(0.1, 1, 0, 0, 0, 0, true));

        assertThat(s.pretrain().size()).isEqualTo(700);
        assertThat(s.train().size()).isZero();
    }
}
