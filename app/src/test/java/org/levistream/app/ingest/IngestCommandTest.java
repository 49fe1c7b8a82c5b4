package org.levistream.app.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.levistream.app.LeviCommands;

@Timeout(30)
class IngestCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path dir;

    private int levi(String... args) {
        return LeviCommands.run(out, err, args);
    }

    @Test
    void helpNamesTheSourcesOptionsDefaultsAndEnvironment() {
        assertThat(levi("ingest", "movielens", "--help")).isZero();

        assertThat(out.toString()).contains("--input=PATH", "--split=FILE", "--speed=max|N", "--reorder-window=N",
                "--chunk-size=N", "LEVI_BOOTSTRAP_SERVERS", "LEVI_SCHEMA_REGISTRY_URL", "localhost:9092",
                "http://localhost:8081", "--job-id=ID", "--compression=TYPE");
        assertThat(levi("ingest", "--help")).isZero();
        assertThat(out.toString()).contains("movielens", "amazon", "images", "Exactly once");
    }

    @Test
    void aSplitFileErrorExitsTwoWithOneLineNamingFileAndKey() throws IOException {
        Path input = Files.writeString(dir.resolve("m.csv"), "x\n");
        Path split = Files.writeString(dir.resolve("split.yaml"), """
                records: interactions
                rules:
                  - to: elsewhere
                """);

        int code = levi("ingest", "movielens", "--input", input.toString(), "--split", split.toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString().lines()).singleElement().asString()
                .startsWith("levi ingest movielens: " + split + ": rules[0].to was 'elsewhere' but must be")
                .endsWith("(see 'levi ingest movielens --help')");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void aSplitFileForAnotherRecordTypeExitsTwo() throws IOException {
        Path input = Files.writeString(dir.resolve("m.csv"), "x\n");
        Path split = Files.writeString(dir.resolve("split.yaml"), """
                records: images
                rules:
                  - to: live
                """);

        assertThat(levi("ingest", "movielens", "--input", input.toString(), "--split", split.toString()))
                .isEqualTo(2);
        assertThat(err.toString().lines()).singleElement().asString()
                .contains("records was 'images' but must be 'interactions' to ingest movielens");
    }

    @Test
    void badOptionsExitTwoNamingTheOption() throws IOException {
        Path split = Files.writeString(dir.resolve("split.yaml"), "records: interactions\nrules:\n  - to: live\n");
        Path input = Files.writeString(dir.resolve("m.csv"), "x\n");

        assertThat(levi("ingest", "movielens", "--input", "no/such.csv", "--split", split.toString())).isEqualTo(2);
        assertThat(levi("ingest", "movielens", "--input", input.toString(), "--split", split.toString(),
                "--speed", "fast")).isEqualTo(2);
        assertThat(levi("ingest", "movielens", "--input", input.toString(), "--split", split.toString(),
                "--chunk-size", "0")).isEqualTo(2);
        assertThat(levi("ingest", "images", "--input", input.toString(), "--split", split.toString(),
                "--domain", "mnist", "--size", "big")).isEqualTo(2);

        assertThat(err.toString().lines()).hasSize(4).satisfiesExactly(
                l -> assertThat(l).contains("--input was 'no/such.csv' but no such file or folder exists"),
                l -> assertThat(l).contains("--speed was 'fast' but must be 'max' or a positive number"),
                l -> assertThat(l).contains("--chunk-size was 0 but must be at least 1"),
                l -> assertThat(l).contains("--size was 'big' but must be HxW"));
    }

    @Test
    void ingestWithoutASourceExitsTwo() {
        assertThat(levi("ingest")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing a source: movielens, amazon or images");
    }
}
