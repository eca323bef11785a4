package dev.baton.bench;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The bench uses the other modules through their public API only. */
class ArchitectureTest {

  /** The bench's main classes, without its tests. */
  private static final JavaClasses BENCH =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.baton.bench");

  @Test
  void shouldUseNoOtherModulesInternals() {
    noClasses()
        .should()
        .dependOnClassesThat(
            resideInAPackage("dev.baton..internal..")
                .and(resideOutsideOfPackage("dev.baton.bench..")))
        .check(BENCH);
  }
}
