package org.levistream.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The one import-rule test (DESIGN §2, STYLE §1): arrows between modules point one way. The app module sees every
 * module on its classpath, so the rules for every module are checked here, over production classes only. The table
 * below is DESIGN §2's arrows written out; a module may use only the modules it lists.
 */
class ModuleDependencyRulesTest {
    /** Module (by its root package) to the modules it may use; everything else of ours is forbidden to it. */
    private static final Map<String, Set<String>> MAY_USE = arrows();
    private static JavaClasses classes;

    private static Map<String, Set<String>> arrows() {
        Map<String, Set<String>> m = new LinkedHashMap<>();
        m.put("common", Set.of());
        m.put("embedded", Set.of("common"));
        m.put("schemas", Set.of("common"));
        m.put("model", Set.of("common"));
        m.put("ingest", Set.of("common", "schemas"));
        m.put("trainer", Set.of("common", "schemas", "model"));
        m.put("evaluator", Set.of("common", "schemas", "model"));
        m.put("experiment", Set.of("common", "schemas", "model", "ingest"));
        m.put("bench", Set.of("common", "schemas", "model", "ingest", "trainer", "evaluator", "experiment",
                "embedded"));
        m.put("app", Set.of("common", "schemas", "model", "ingest", "trainer", "evaluator", "experiment",
                "embedded", "bench"));
        return m;
    }

    @BeforeAll
    static void importProductionClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                // Test fixtures shipped as a test-jar (the trainer's, used by this module's tests) are tests too.
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("org.levistream");
    }

    static Stream<String> modules() {
        return MAY_USE.keySet().stream();
    }

    @ParameterizedTest
    @MethodSource("modules")
    void aModuleUsesOnlyTheModulesItsArrowsAllow(String module) {
        String[] forbidden = MAY_USE.keySet().stream()
                .filter(other -> !other.equals(module) && !MAY_USE.get(module).contains(other))
                .map(other -> "org.levistream." + other + "..")
                .toArray(String[]::new);
        noClasses().that().resideInAPackage("org.levistream." + module + "..")
                .should().dependOnClassesThat().resideInAnyPackage(forbidden)
                .allowEmptyShould(true).check(classes);
    }

    @Test
    void theLibraryModulesNeverImportKafkaOrAvro() {
        noClasses().that().resideInAnyPackage("org.levistream.common..", "org.levistream.model..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "org.apache.avro..")
                .allowEmptyShould(true).check(classes);
    }

    @Test
    void everyModuleIsInTheTable() throws IOException {
        try (Stream<Path> dirs = Files.list(Path.of("..").toAbsolutePath().normalize())) {
            List<String> roots = dirs.map(d -> d.resolve("src/main/java/org/levistream"))
                    .filter(Files::isDirectory)
                    .flatMap(ModuleDependencyRulesTest::children)
                    .map(p -> p.getFileName().toString())
                    .toList();
            assertThat(MAY_USE.keySet()).containsAll(roots);
        }
    }

    @Test
    void everyPackageOfEveryModuleSaysItsRole() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("..").toAbsolutePath().normalize(), 12)) {
            List<Path> missing = files.filter(Files::isDirectory)
                    .filter(d -> d.toString().contains("/src/main/java/org/levistream/"))
                    .filter(d -> !d.toString().contains("/target/"))
                    .filter(ModuleDependencyRulesTest::holdsJava)
                    .filter(d -> !Files.exists(d.resolve("package-info.java")))
                    .toList();
            assertThat(missing).isEmpty();
        }
    }

    private static Stream<Path> children(Path dir) {
        try {
            return Files.list(dir).filter(Files::isDirectory).toList().stream();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static boolean holdsJava(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(f -> f.toString().endsWith(".java"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
