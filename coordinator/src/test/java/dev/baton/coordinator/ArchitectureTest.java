package dev.baton.coordinator;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * The coordinator's architecture as rules the build checks: the session model is plain Java, the
 * packages form no cycle, and an {@code internal} package is used only by the package that holds
 * it, in this module and in the modules it depends on.
 */
class ArchitectureTest {

  private static final String ROOT = "dev.baton.coordinator";

  /** The coordinator's main classes, without its tests. */
  private static final JavaClasses COORDINATOR =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages(ROOT);

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

  /**
   * Slices are {@code dev.baton.coordinator} itself and each package directly under it, with its
   * subpackages; lower layers never import the composition root.
   */
  @Test
  @Disabled("enabled once topology and http no longer import CoordinatorConfig (in progress)")
  void packagesShouldBeFreeOfCycles() {
    slices().assignedFrom(packagesDirectlyUnder(ROOT)).should().beFreeOfCycles().check(COORDINATOR);
  }

  @Test
  void shouldNotUseTheWorkerSdksInternals() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.baton.worker..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.baton.worker..internal..")
        .check(COORDINATOR);
  }

  @Test
  void shouldNotUseTheSchemasInternals() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.baton.schemas..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.baton.schemas..internal..")
        .check(COORDINATOR);
  }

  /**
   * {@code dev.baton.coordinator.X.internal} is for {@code dev.baton.coordinator.X..} alone, for
   * every X. Today {@code cli} uses {@code dev.internal} and {@code ops.internal}, and {@code ops}
   * uses {@code dev.internal}; those packages are moving to the cli module, which should carry the
   * same rule.
   */
  @Test
  @Disabled("enabled once cli, dev, ops and example have moved to the cli module (in progress)")
  void internalPackagesShouldBeUsedOnlyByThePackageThatHoldsThem() {
    classes().should(useInternalPackagesOnlyOfTheirOwn(ROOT)).check(COORDINATOR);
  }

  /** The rule above for the topology, the internal package that stays in this module. */
  @Test
  void theTopologysInternalsShouldBeUsedOnlyByTheTopology() {
    noClasses()
        .that()
        .resideOutsideOfPackage(ROOT + ".topology..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage(ROOT + ".topology.internal..")
        .check(COORDINATOR);
  }

  /** {@code root} itself, and each package directly under it with its subpackages. */
  private static SliceAssignment packagesDirectlyUnder(String root) {
    return new SliceAssignment() {
      @Override
      public SliceIdentifier getIdentifierOf(JavaClass type) {
        String name = type.getPackageName();
        if (name.equals(root)) {
          return SliceIdentifier.of(root);
        }
        if (!name.startsWith(root + ".")) {
          return SliceIdentifier.ignore();
        }
        String below = name.substring(root.length() + 1);
        int dot = below.indexOf('.');
        return SliceIdentifier.of(root + "." + (dot < 0 ? below : below.substring(0, dot)));
      }

      @Override
      public String getDescription() {
        return root + " and each package directly under it";
      }
    };
  }

  /**
   * Every dependency on a class in {@code <owner>.internal..} under {@code root} comes from {@code
   * <owner>} or a package under it.
   */
  private static ArchCondition<JavaClass> useInternalPackagesOnlyOfTheirOwn(String root) {
    return new ArchCondition<>(
        "use an internal package under " + root + " only from the package that holds it") {
      @Override
      public void check(JavaClass origin, ConditionEvents events) {
        for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
          String target = dependency.getTargetClass().getPackageName() + ".";
          int internal = target.indexOf(".internal.");
          if (!target.startsWith(root + ".") || internal < 0) {
            continue;
          }
          String owner = target.substring(0, internal);
          String from = origin.getPackageName();
          if (!from.equals(owner) && !from.startsWith(owner + ".")) {
            events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
          }
        }
      }
    };
  }
}
