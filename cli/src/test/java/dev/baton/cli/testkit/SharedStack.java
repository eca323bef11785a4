package dev.baton.cli.testkit;

import dev.baton.cli.stack.EmbeddedStack;
import dev.baton.cli.stack.StackAddresses;
import dev.baton.cli.stack.StackConfig;
import org.junit.jupiter.api.Assumptions;

/** The stack one test JVM shares; closed by JUnit when the run ends. */
final class SharedStack implements AutoCloseable {

  private final AutoCloseable resources;
  private final StackAddresses addresses;

  private SharedStack(AutoCloseable resources, StackAddresses addresses) {
    this.resources = resources;
    this.addresses = addresses;
  }

  /** Starts the stack for {@code mode}, which must be resolved. */
  static SharedStack start(StackMode mode) {
    return switch (mode) {
      case EMBEDDED -> embedded();
      case TESTCONTAINERS -> containers();
      case FROM_PROPERTY -> throw new IllegalArgumentException("resolve the mode first");
    };
  }

  StackAddresses addresses() {
    return addresses;
  }

  @Override
  public void close() throws Exception {
    resources.close();
  }

  private static SharedStack embedded() {
    EmbeddedStack stack = new EmbeddedStack(StackConfig.defaults());
    return new SharedStack(stack, stack.start());
  }

  private static SharedStack containers() {
    // Checked before ContainerStack is loaded: a module reusing this test-jar may lack
    // Testcontainers.
    Assumptions.assumeTrue(
        isOnClassPath("org.testcontainers.DockerClientFactory"),
        "Testcontainers is not on the test class path; the Testcontainers stack is skipped");
    ContainerStack.assumeDockerAvailable();
    ContainerStack stack = ContainerStack.start();
    return new SharedStack(stack, stack.addresses());
  }

  private static boolean isOnClassPath(String className) {
    try {
      Class.forName(className, false, SharedStack.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
