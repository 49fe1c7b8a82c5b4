package org.levistream.experiment.pretrain;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.levistream.experiment.offline.GeneratedData;
import org.levistream.ingest.split.SplitPlan;
import org.levistream.model.backbone.Backbone;
import org.levistream.model.backbone.BackboneCatalog;

@Timeout(120)
class BackbonePretrainingTest {
    @TempDir
    Path data;
    @TempDir
    Path backbones;

    @Test
    void theRecommendationBackboneIsStoredAndCataloguedUnderItsHash() throws IOException {
        GeneratedData.write(data, 7);
        StringWriter console = new StringWriter();

        BackbonePretraining.Result r = BackbonePretraining.movieLens(data,
                SplitPlan.load(Path.of("../config/split-movielens.yaml")), "split.yaml", 1, 7, Device.cpu(),
                BackboneCatalog.open(backbones), new PrintWriter(console, true));

        BackboneCatalog.Entry entry = BackboneCatalog.read(backbones).entry("movielens");
        assertThat(r.name()).isEqualTo("movielens");
        assertThat(entry.sha256()).isEqualTo(r.sha256());
        assertThat(entry.description()).startsWith("TWO_TOWER");
        assertThat(entry.provenance()).containsEntry("epochs", 1).containsEntry("batchSize", 200)
                .containsEntry("seed", 7).containsEntry("optimizer", "adam");
        assertThat(r.validation().values()).containsOnlyKeys("rmse", "mae");
        assertThat(console.toString()).contains("movielens: 1013 pre-training ratings (rule 'pretrain' of split.yaml)");
        try (Backbone b = BackboneCatalog.read(backbones).source("movielens", Device.cpu()).open()) {
            assertThat(b.contentHash()).isEqualTo(r.sha256());
        }
    }
}
