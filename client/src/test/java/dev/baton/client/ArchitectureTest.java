package dev.baton.client;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.codeUnits;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The client's architecture as rules the build checks: it needs only the JDK and Jackson (no Kafka,
 * no other Baton module), and its public API shows no type of its {@code internal} package. The two
 * packages use each other as in any library that hides its implementation ({@code BatonClient}
 * starts {@code internal.Calls}, which returns the API's types), so there is no cycle rule.
 */
class ArchitectureTest {

  private static final JavaClasses CLIENT =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.baton.client");

  @Test
  void shouldDependOnlyOnTheJdkAndJackson() {
    classes()
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("java..", "javax..", "com.fasterxml.jackson..", "dev.baton.client..")
        .because("applications embed the client; it must not bring Kafka or Baton's server side")
        .check(CLIENT);
  }

  @Test
  void publicSignaturesShouldExposeNoInternalType() {
    codeUnits()
        .that()
        .arePublic()
        .and()
        .areDeclaredInClassesThat()
        .resideOutsideOfPackage("..internal..")
        .should(exposeNoTypeOf("dev.baton.client.internal.."))
        .check(CLIENT);
  }

  /** Neither the return type, a parameter nor a thrown type involves a class of {@code pkg}. */
  private static ArchCondition<JavaCodeUnit> exposeNoTypeOf(String pkg) {
    return new ArchCondition<>("expose no type of " + pkg) {
      @Override
      public void check(JavaCodeUnit unit, ConditionEvents events) {
        List<JavaClass> involved = new ArrayList<>();
        if (unit instanceof JavaMethod method) {
          involved.addAll(method.getReturnType().getAllInvolvedRawTypes());
        }
        unit.getParameterTypes().forEach(p -> involved.addAll(p.getAllInvolvedRawTypes()));
        unit.getExceptionTypes().forEach(e -> involved.addAll(e.getAllInvolvedRawTypes()));
        involved.stream()
            .filter(resideInAPackage(pkg))
            .forEach(
                type ->
                    events.add(
                        SimpleConditionEvent.violated(
                            unit, unit.getFullName() + " exposes " + type.getName())));
      }
    };
  }
}
