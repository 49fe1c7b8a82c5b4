package org.levistream.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The model module is used by the trainer, the evaluator and the experiment alike and must never depend on Kafka (DESIGN §2). */
@Timeout(30)
class ModuleBoundaryTest {

    @Test
    void mainSourcesNeverImportKafkaOrOtherServiceModules() throws IOException {
        List<String> offenders;
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            offenders = files.filter(f -> f.toString().endsWith(".java"))
                    .flatMap(ModuleBoundaryTest::forbiddenImports)
                    .toList();
        }
        assertThat(offenders).isEmpty();
    }

    @Test
    void everyPackageSaysItsRole() throws IOException {
        try (Stream<Path> dirs = Files.walk(Path.of("src/main/java/org/levistream/model"))) {
            assertThat(dirs.filter(Files::isDirectory).toList())
                    .allSatisfy(dir -> assertThat(dir.resolve("package-info.java")).exists());
        }
    }

    private static Stream<String> forbiddenImports(Path file) {
        try {
            return Files.readAllLines(file).stream()
                    .filter(line -> line.startsWith("import org.apache.kafka")
                            || line.startsWith("import org.levistream.trainer")
                            || line.startsWith("import org.levistream.evaluator")
                            || line.startsWith("import org.levistream.ingest")
                            || line.startsWith("import org.levistream.experiment")
                            || line.startsWith("import org.levistream.app"))
                    .map(line -> file + ": " + line);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
