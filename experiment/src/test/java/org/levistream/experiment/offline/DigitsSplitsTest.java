package org.levistream.experiment.offline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
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
    void readsFashionMnistAsPretrainingDataWhenAsked() throws IOException {
        GeneratedData.write(dir, 5);

        OfflineSplits s = DigitsSplits.load(dir, SplitPlan.parse(SPLIT, "test split"),
                new LoadSettings(0.1, 1, 0, 0, 0, 0, true));

        assertThat(s.pretrain().size()).isEqualTo(700);
        assertThat(s.train().size()).isZero();
    }
}
