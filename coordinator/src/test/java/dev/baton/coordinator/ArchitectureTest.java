package dev.baton.coordinator;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.Test;

/**
 * The coordinator's architecture as rules the build checks: the session model is plain Java, the
 * packages form no cycle (lower layers never import the composition root), an {@code internal}
 * package is used only by the package that holds it, and no other module's internals are used.
 */
class ArchitectureTest {

  private static final String ROOT = "dev.baton.coordinator";

  /** The coordinator's main classes, without its tests. */
  private static final JavaClasses COORDINATOR = ArchitectureRules.mainClasses(ROOT);

  @Test
  void theSessionModelShouldUseNoKafkaAvroOrRedisType() {
    noClasses()
        .that()
        .resideInAPackage(ROOT + ".session..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.apache.kafka..", "org.apache.avro..", "dev.baton.schemas.avro..", "io.lettuce..")
        .because("the session model decides in plain Java; the topology maps it to the wire")
        .check(COORDINATOR);
  }

  @Test
  void packagesShouldBeFreeOfCycles() {
    ArchitectureRules.packagesFreeOfCycles(ROOT).check(COORDINATOR);
  }

  @Test
  void internalPackagesShouldBeUsedOnlyByThePackageThatHoldsThem() {
    ArchitectureRules.internalPackagesUsedOnlyByTheirOwner(ROOT).check(COORDINATOR);
  }

  @Test
  void shouldUseNoOtherModulesInternals() {
    ArchitectureRules.noOtherModulesInternals(ROOT).check(COORDINATOR);
  }
}
