package dev.baton.bench;

import dev.baton.coordinator.ArchitectureRules;
import org.junit.jupiter.api.Test;

/** The bench uses the other modules through their public API only. */
class ArchitectureTest {

  @Test
  void shouldUseNoOtherModulesInternals() {
    ArchitectureRules.noOtherModulesInternals("dev.baton.bench")
        .check(ArchitectureRules.mainClasses("dev.baton.bench"));
  }
}
