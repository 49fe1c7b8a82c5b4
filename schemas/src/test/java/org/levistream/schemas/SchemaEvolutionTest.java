package org.levistream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Records outlive a release on their topics (compacted checkpoint events most of all), so every schema stays
 * BACKWARD compatible with each released version: today's reader reads what a released writer wrote. The released
 * versions are committed under {@code src/test/resources/avro/v*}; a new release copies the folder on purpose.
 */
class SchemaEvolutionTest {
    private static final Path RELEASED = Path.of("src/test/resources/avro");

    static Stream<Path> releasedSchemas() throws IOException {
        try (Stream<Path> files = Files.walk(RELEASED)) {
            return files.filter(f -> f.toString().endsWith(".avsc")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("releasedSchemas")
    void todaysReaderReadsWhatAReleasedWriterWrote(Path released) throws IOException {
        Schema writer = new Schema.Parser().parse(released.toFile());
        Schema reader = GeneratedRecords.schemas().stream()
                .filter(s -> s.getName().equals(writer.getName())).findFirst()
                .orElseThrow(() -> new AssertionError(writer.getName() + " was released but no longer exists"));

        var result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);

        assertThat(result.getType()).as("%s: %s", released, result.getDescription())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    @org.junit.jupiter.api.Test
    void theFirstReleaseHoldsAllFiveRecords() throws IOException {
        try (Stream<Path> files = Files.list(RELEASED.resolve("v1"))) {
            assertThat(files.map(f -> f.getFileName().toString()).sorted().toList()).containsExactly(
                    "CheckpointEvent.avsc", "ImageRecord.avsc", "Interaction.avsc", "MetricRecord.avsc", "OodAlert.avsc");
        }
    }
}
