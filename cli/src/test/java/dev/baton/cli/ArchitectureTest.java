package dev.baton.cli;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.baton.coordinator.ArchitectureRules;
import org.junit.jupiter.api.Test;

/**
 * The command line's architecture as rules the build checks: its packages (commands, settings, the
 * embedded stack, the example worker, the operator tools) form no cycle, an {@code internal}
 * package is used only by the package that holds it, and no other module's internals are used.
 */
class ArchitectureTest {

  private static final String ROOT = "dev.baton.cli";

  /** The command line's main classes, without its tests. */
  private static final JavaClasses CLI = ArchitectureRules.mainClasses(ROOT);

  @Test
  void packagesShouldBeFreeOfCycles() {
    ArchitectureRules.packagesFreeOfCycles(ROOT).check(CLI);
  }

  @Test
  void internalPackagesShouldBeUsedOnlyByThePackageThatHoldsThem() {
    ArchitectureRules.internalPackagesUsedOnlyByTheirOwner(ROOT).check(CLI);
  }

  @Test
  void shouldUseNoOtherModulesInternals() {
    ArchitectureRules.noOtherModulesInternals(ROOT).check(CLI);
  }
}
