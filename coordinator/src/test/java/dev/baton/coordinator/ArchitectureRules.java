package dev.baton.coordinator;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

/**
 * The architecture rules every module of the coordinator's side keeps (this module and the command
 * line's), for its {@code ArchitectureTest}: packages without cycles, {@code internal} packages
 * used only by the package that holds them, and no other module's internals.
 */
public final class ArchitectureRules {

  private ArchitectureRules() {}

  /** The main classes under {@code root}, without tests. */
  public static JavaClasses mainClasses(String root) {
    return new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages(root);
  }

  /**
   * No cycle between {@code root} itself and the packages directly under it (each with its
   * subpackages, so a package and its own {@code internal} are one slice).
   */
  public static ArchRule packagesFreeOfCycles(String root) {
    return slices().assignedFrom(packagesDirectlyUnder(root)).should().beFreeOfCycles();
  }

  /** {@code <X>.internal} under {@code root} is used by {@code <X>} and its subpackages alone. */
  public static ArchRule internalPackagesUsedOnlyByTheirOwner(String root) {
    return classes().should(useInternalPackagesOnlyOfTheirOwn(root));
  }

  /** No class under {@code root} uses an {@code internal} package of another module. */
  public static ArchRule noOtherModulesInternals(String root) {
    return noClasses()
        .should()
        .dependOnClassesThat(
            resideInAPackage("dev.baton..internal..").and(resideOutsideOfPackage(root + "..")));
  }

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
