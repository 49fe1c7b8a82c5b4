package org.levistream.ingest.resume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

class JobIdTest {
    private static final Path SPLIT = Path.of("config/split-movielens.yaml");

    @Test
    void sameArgumentsGiveTheSameReadableId() {
        JobId id = JobId.derive("movielens", List.of(Path.of("data/movielens/movielens.csv")), SPLIT, "format=X");

        assertThat(id).isEqualTo(JobId.derive("movielens",
                List.of(Path.of("data/movielens/../movielens/movielens.csv").toAbsolutePath()), SPLIT, "format=X"));
        assertThat(id.value()).matches("movielens-movielens-csv-[0-9a-f]{8}");
        assertThat(id.transactionalId()).isEqualTo("levi-ingest-" + id.value());
    }

    @Test
    void anotherInputSplitFileOrRecordOptionGivesAnotherId() {
        JobId id = JobId.derive("images", List.of(Path.of("train-images")), SPLIT, "domain=mnist");

        assertThat(JobId.derive("images", List.of(Path.of("t10k-images")), SPLIT, "domain=mnist")).isNotEqualTo(id);
        assertThat(JobId.derive("images", List.of(Path.of("train-images")), Path.of("other.yaml"), "domain=mnist"))
                .isNotEqualTo(id);
        assertThat(JobId.derive("images", List.of(Path.of("train-images")), SPLIT, "domain=fashion"))
                .isNotEqualTo(id);
    }

    @Test
    void refusesCharactersATransactionalIdShouldNotCarry() {
        assertThatThrownBy(() -> new JobId("my job")).hasMessageContaining("job id was 'my job'");
        assertThat(new JobId("nightly_2024-06.v2").value()).isEqualTo("nightly_2024-06.v2");
    }
}
