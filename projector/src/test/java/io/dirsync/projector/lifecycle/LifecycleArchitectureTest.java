package io.dirsync.projector.lifecycle;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The lifecycle core stays pure Java: no frameworks, no clock, no randomness (DESIGN.md, principle 3). */
class LifecycleArchitectureTest {

    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.dirsync.projector.lifecycle");

    @Test
    void shouldDependOnlyOnTheJdkAndItself() {
        classes().should().onlyDependOnClassesThat()
                .resideInAnyPackage("java.lang..", "java.util..", "java.time..", "io.dirsync.projector.lifecycle..")
                .check(CORE);
    }

    @Test
    void shouldNotReadTheClockOrMakeRandomIds() {
        noClasses().should().callMethod(java.time.Instant.class, "now")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().callMethod(java.util.UUID.class, "randomUUID")
                .orShould().dependOnClassesThat().haveFullyQualifiedName(java.util.Random.class.getName())
                .orShould().dependOnClassesThat().haveFullyQualifiedName(java.time.Clock.class.getName())
                .check(CORE);
    }
}
