package org.levistream.experiment.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class OfflineExperimentTest {

    @Test
    void eachBenchmarkTapsItsOwnPretrainedBackbone() {
        assertThat(OfflineExperiment.backboneName("movielens")).isEqualTo("movielens");
        assertThat(OfflineExperiment.backboneName("digits")).isEqualTo("fashion-mnist");
    }

    @Test
    void aRunNamesAKnownBenchmarkAndAColdStartShareBelowOne() {
        assertThatThrownBy(() -> new OfflineExperiment.Run("imagenet", null, 0, 0, Path.of("out"), "levi", false))
                .hasMessage("benchmark was imagenet but must be movielens or digits");
        assertThatThrownBy(() -> new OfflineExperiment.Run("movielens", null, 1.0, 0, Path.of("out"), "levi", false))
                .hasMessage("unknownIds was 1.0 but must be in [0, 1)");
        assertThatThrownBy(() -> new OfflineExperiment.Run("movielens", null, 0.1, 5, Path.of("out"), "levi", false))
                .hasMessageStartingWith("idAdmission was 5 with unknownIds 0.1 but must be at least 0, and 0 when");
    }
}
