package dev.baton.cli.testkit;

import dev.baton.cli.stack.StackAddresses;
import java.lang.reflect.Method;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Starts the Baton stack once per test JVM, shares it between all test classes, and injects its
 * {@link StackAddresses} and per-test {@link TestIds}. The stack is closed when the test run ends.
 * Use it through {@link BatonStackTest}, or directly:
 *
 * <pre>{@code
 * @ExtendWith(BatonStackExtension.class)
 * class RoundTripIT {
 *   @Test
 *   void shouldRoundTrip(StackAddresses stack, TestIds ids) { ... }
 * }
 * }</pre>
 *
 * <p>With {@code -Dbaton.testkit=testcontainers} (or {@code @BatonStackTest(mode =
 * TESTCONTAINERS)}) the stack runs in Docker; without a Docker engine those tests are aborted
 * (skipped), not failed.
 */
public final class BatonStackExtension implements BeforeEachCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(BatonStackExtension.class);

  /**
   * Starts the shared stack on first use, or aborts the test when it cannot run here (each test is
   * then reported as skipped). A stack that failed to start is not retried for later tests.
   */
  @Override
  public void beforeEach(ExtensionContext context) {
    addresses(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == StackAddresses.class || type == TestIds.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    if (parameter.getParameter().getType() == StackAddresses.class) {
      return addresses(context);
    }
    return TestIds.forTest(
        context
            .getTestMethod()
            .map(Method::getName)
            .orElseGet(() -> context.getRequiredTestClass().getSimpleName()));
  }

  /** The addresses of the shared stack in the mode {@code context}'s test class asks for. */
  public static StackAddresses addresses(ExtensionContext context) {
    StackMode mode = mode(context).resolve();
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(mode, SharedStack::start, SharedStack.class)
        .addresses();
  }

  private static StackMode mode(ExtensionContext context) {
    return context
        .getTestClass()
        .flatMap(c -> AnnotationSupport.findAnnotation(c, BatonStackTest.class))
        .map(BatonStackTest::mode)
        .orElse(StackMode.FROM_PROPERTY);
  }
}
