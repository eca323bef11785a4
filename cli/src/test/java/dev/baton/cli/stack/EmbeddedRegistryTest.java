package dev.baton.cli.stack;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedRegistryTest {

  @Test
  void shouldExplainAMissingDistribution(@TempDir Path empty) {
    try (EmbeddedRegistry registry = new EmbeddedRegistry(empty)) {
      assertThatThrownBy(registry::start)
          .isInstanceOf(StackException.class)
          .hasMessageContaining("registry failed to start")
          .hasMessageContaining("no quarkus-run.jar in " + empty.toAbsolutePath());
    }
  }
}
