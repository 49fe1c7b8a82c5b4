package org.levistream.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The one import-rule test (DESIGN §2, STYLE §1): arrows between modules point one way. The app module sees
 * every module on its classpath, so the rules are checked here, over production classes only.
 */
class ModuleDependencyRulesTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importProductionClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.levistream");
    }

    @Test
    void commonDependsOnNoOtherModuleAndNoKafkaAvroOrDjl() {
        noClasses().that().resideInAPackage("org.levistream.common..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.levistream.schemas..", "org.levistream.model..", "org.levistream.ingest..",
                        "org.levistream.trainer..", "org.levistream.evaluator..", "org.levistream.embedded..",
                        "org.levistream.app..", "org.apache.kafka..", "org.apache.avro..", "ai.djl..")
                .allowEmptyShould(true).check(classes);
    }

    @Test
    void modelNeverImportsKafka() {
        noClasses().that().resideInAPackage("org.levistream.model..")
                .should().dependOnClassesThat().resideInAPackage("org.apache.kafka..")
                .allowEmptyShould(true).check(classes);
    }

    @Test
    void modelDependsOnNoOtherModule() {
        noClasses().that().resideInAPackage("org.levistream.model..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.levistream.schemas..", "org.levistream.ingest..", "org.levistream.trainer..",
                        "org.levistream.evaluator..", "org.levistream.embedded..", "org.levistream.app..")
                .allowEmptyShould(true).check(classes);
    }

    @Test
    void schemasDependOnNoServiceModule() {
        noClasses().that().resideInAPackage("org.levistream.schemas..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.levistream.model..", "org.levistream.ingest..", "org.levistream.trainer..",
                        "org.levistream.evaluator..", "org.levistream.embedded..", "org.levistream.app..")
                .allowEmptyShould(true).check(classes);
    }

    @Test
    void serviceModulesNeverReachIntoEachOther() {
        noClasses().that().resideInAPackage("org.levistream.ingest..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.levistream.model..", "org.levistream.trainer..", "org.levistream.evaluator..")
                .allowEmptyShould(true).check(classes);
        noClasses().that().resideInAPackage("org.levistream.trainer..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.levistream.ingest..", "org.levistream.evaluator..")
                .allowEmptyShould(true).check(classes);
        noClasses().that().resideInAPackage("org.levistream.evaluator..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.levistream.ingest..", "org.levistream.trainer..")
                .allowEmptyShould(true).check(classes);
    }

    @Test
    void embeddedStandsAlone() {
        noClasses().that().resideInAPackage("org.levistream.embedded..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.levistream.schemas..", "org.levistream.model..", "org.levistream.ingest..",
                        "org.levistream.trainer..", "org.levistream.evaluator..", "org.levistream.app..")
                .allowEmptyShould(true).check(classes);
    }

    @Test
    void nothingDependsOnTheApp() {
        noClasses().that().resideOutsideOfPackage("org.levistream.app..")
                .should().dependOnClassesThat().resideInAPackage("org.levistream.app..")
                .allowEmptyShould(true).check(classes);
    }
}
