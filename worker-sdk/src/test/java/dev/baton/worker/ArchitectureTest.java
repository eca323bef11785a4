package dev.baton.worker;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.domain.properties.HasModifiers;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The worker SDK's architecture as rules the build checks: its public API shows only the SDK's own
 * types (no generated Avro class of the wire, no type of an {@code internal} package), its packages
 * form no cycle, and it uses no other module's {@code internal} packages.
 */
class ArchitectureTest {

  private static final String WIRE = "dev.baton.schemas.avro..";

  /** The SDK's main classes, without its tests. */
  private static final JavaClasses SDK =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.baton.worker");

  @Test
  void publicPackagesShouldNotUseTheWiresAvroClasses() {
    noClasses()
        .that()
        .resideInAPackage("dev.baton.worker..")
        .and()
        .resideOutsideOfPackage("..internal..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage(WIRE)
        .because(
            "the SDK's API is made of its own immutable types, which"
                + " dev.baton.worker.internal.Wire maps to and from the wire's Avro classes")
        .check(SDK);
  }

  @Test
  void publicSignaturesShouldExposeNoAvroOrInternalType() {
    classes()
        .that(arePartOfTheApi())
        .should(exposeNoTypeThat(resideInAnyPackage(WIRE, "..internal..")))
        .check(SDK);
  }

  /**
   * Slices are the packages directly under {@code dev.baton.worker}, each with its subpackages. The
   * top package is left out: its {@code Worker} starts the runtime in {@code internal}, whose
   * classes implement the top package's interfaces, as in any SDK that hides its implementation.
   */
  @Test
  void packagesShouldBeFreeOfCycles() {
    slices().matching("dev.baton.worker.(*)..").should().beFreeOfCycles().check(SDK);
  }

  @Test
  void theLocksInternalsShouldBeUsedOnlyByTheLock() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.baton.worker.lock..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.baton.worker.lock.internal..")
        .check(SDK);
  }

  @Test
  void shouldUseNoOtherModulesInternals() {
    noClasses()
        .should()
        .dependOnClassesThat(
            resideInAPackage("dev.baton..internal..")
                .and(resideOutsideOfPackage("dev.baton.worker..")))
        .check(SDK);
  }

  /** Public (or protected) classes outside {@code internal} packages, and public nested in them. */
  private static DescribedPredicate<JavaClass> arePartOfTheApi() {
    return DescribedPredicate.describe(
        "are part of the public API (visible classes outside internal packages)",
        type -> resideOutsideOfPackage("..internal..").test(type) && isVisible(type));
  }

  private static boolean isVisible(JavaClass type) {
    return isVisible((HasModifiers) type)
        && type.getEnclosingClass().map(ArchitectureTest::isVisible).orElse(true);
  }

  private static boolean isVisible(HasModifiers member) {
    return member.getModifiers().contains(JavaModifier.PUBLIC)
        || member.getModifiers().contains(JavaModifier.PROTECTED);
  }

  /**
   * No public or protected field, constructor, method (parameters, return type, thrown exceptions)
   * or supertype of the class involves a type that matches {@code forbidden}, also as a type
   * argument ({@code List<Message>}).
   */
  private static ArchCondition<JavaClass> exposeNoTypeThat(
      DescribedPredicate<? super JavaClass> forbidden) {
    return new ArchCondition<>(
        "expose no type that " + forbidden.getDescription() + " in a public signature") {
      @Override
      public void check(JavaClass type, ConditionEvents events) {
        List<Exposure> exposures = new ArrayList<>();
        type.getSuperclass().ifPresent(s -> exposures.add(new Exposure("its supertype", s)));
        type.getInterfaces().forEach(i -> exposures.add(new Exposure("its supertype", i)));
        for (JavaField field : type.getFields()) {
          if (isVisible(field)) {
            exposures.add(new Exposure(field.getFullName(), field.getType()));
          }
        }
        for (JavaCodeUnit unit : type.getCodeUnits()) {
          if (!isVisible(unit)) {
            continue;
          }
          if (unit instanceof JavaMethod method) {
            exposures.add(new Exposure(method.getFullName(), method.getReturnType()));
          }
          unit.getParameterTypes().forEach(p -> exposures.add(new Exposure(unit.getFullName(), p)));
          unit.getExceptionTypes().forEach(e -> exposures.add(new Exposure(unit.getFullName(), e)));
        }
        for (Exposure exposure : exposures) {
          for (JavaClass involved : exposure.type().getAllInvolvedRawTypes()) {
            if (forbidden.test(involved)) {
              events.add(
                  SimpleConditionEvent.violated(
                      type,
                      "%s in %s exposes %s"
                          .formatted(exposure.where(), type.getName(), involved.getName())));
            }
          }
        }
      }
    };
  }

  private record Exposure(String where, JavaType type) {}
}
