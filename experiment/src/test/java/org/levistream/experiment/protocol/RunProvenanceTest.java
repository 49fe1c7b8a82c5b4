package org.levistream.experiment.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A result's commit says which files differed from it, not only that some did. */
class RunProvenanceTest {
    @Test
    void namesTheChangedFilesAndCountsTheRest() {
        assertThat(RunProvenance.describe("abc1234", List.of())).isEqualTo("abc1234");
        assertThat(RunProvenance.describe("abc1234", List.of("README.md", "data")))
                .isEqualTo("abc1234 (with uncommitted changes: README.md, data)");
        assertThat(RunProvenance.describe("abc1234", List.of("a", "b", "c", "d", "e", "f", "g")))
                .isEqualTo("abc1234 (with uncommitted changes: a, b, c, d, e and 2 more)");
    }
}
