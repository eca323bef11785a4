package dev.baton.cli.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An integration test on the shared Baton stack: Kafka, Redis and a Schema Registry, started once
 * per test JVM. Test methods, constructors and lifecycle methods may declare {@link
 * dev.baton.cli.stack.StackAddresses} and {@link TestIds} parameters.
 *
 * <pre>{@code
 * @BatonStackTest
 * class AssignmentsIT {
 *   @Test
 *   void shouldDeliver(StackAddresses stack, TestIds ids) {
 *     String topic = ids.topic("assignments");
 *   }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Tag("integration")
@ExtendWith(BatonStackExtension.class)
public @interface BatonStackTest {

  /** How to run the stack; by default as the {@value StackMode#PROPERTY} property says. */
  StackMode mode() default StackMode.FROM_PROPERTY;
}
