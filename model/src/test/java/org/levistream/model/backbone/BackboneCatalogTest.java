package org.levistream.model.backbone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackboneCatalogTest {
    @TempDir
    Path dir;

    @Test
    void whatPretrainingPutsIsReadBackByName() throws IOException {
        BackboneCatalog written = BackboneCatalog.open(dir);
        written.put("movielens", new BackboneCatalog.Entry("ab12", "TWO_TOWER input 244", Map.of("epochs", 10)));

        BackboneCatalog read = BackboneCatalog.read(dir);

        assertThat(read.find("movielens")).get().satisfies(e -> {
            assertThat(e.sha256()).isEqualTo("ab12");
            assertThat(e.description()).isEqualTo("TWO_TOWER input 244");
            assertThat(e.provenance()).containsEntry("epochs", 10);
        });
        assertThat(read.find("fashion-mnist")).isEmpty();
        assertThat(read.storeDir()).isEqualTo(dir.resolve("store"));
    }

    @Test
    void readingCreatesNothingAndOpeningAnEmptyFolderGivesAnEmptyCatalogue() throws IOException {
        assertThatThrownBy(() -> BackboneCatalog.read(dir)).isInstanceOf(IOException.class);

        BackboneCatalog empty = BackboneCatalog.open(dir);

        assertThat(empty.find("movielens")).isEmpty();
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void anEntryWithoutAHashIsNotABackboneAndUnknownFieldsAreIgnored() throws IOException {
        Files.writeString(dir.resolve("backbones.json"), """
                {"movielens": {"description": "half-written"},
                 "fashion-mnist": {"sha256": "cd34", "description": "CNN", "addedLater": true}}
                """);

        BackboneCatalog read = BackboneCatalog.read(dir);

        assertThat(read.find("movielens")).isEmpty();
        assertThat(read.find("fashion-mnist")).get().extracting(BackboneCatalog.Entry::sha256).isEqualTo("cd34");
    }

    @Test
    void aBackboneMissingFromTheStoreNamesTheCommandThatMakesIt() throws IOException {
        BackboneCatalog catalog = BackboneCatalog.open(dir);
        catalog.put("movielens", new BackboneCatalog.Entry("ab12", "x", Map.of()));

        assertThatThrownBy(() -> catalog.entry("movielens")).isInstanceOf(IOException.class)
                .hasMessage("no pre-trained movielens backbone in " + dir + "; run 'levi pretrain --out " + dir
                        + "' first");
    }
}
