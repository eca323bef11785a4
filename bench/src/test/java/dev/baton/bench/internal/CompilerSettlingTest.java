package dev.baton.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CompilerSettlingTest {

  @Test
  void shouldCountOnlyTheCompilerThreadsTicks() {
    String compiler =
        "4242 (C2 CompilerThre) S 1 1 1 0 -1 4194368 0 0 0 0 150 25 0 0 20 0 1 0 100 0 0";
    String stream =
        "4243 (app-StreamThre) S 1 1 1 0 -1 4194368 0 0 0 0 900 90 0 0 20 0 1 0 100 0 0";

    assertThat(CompilerSettling.compilerMillis(compiler)).isEqualTo(1750.0);
    assertThat(CompilerSettling.compilerMillis(stream)).isZero();
    assertThat(CompilerSettling.compilerMillis("")).isZero();
  }

  @Test
  void shouldReadTheCompilerThreadsOfAJvm() throws Exception {
    // This JVM has compiled something by now (the test framework's own code at least).
    assertThat(CompilerSettling.compilerMillis(ProcessHandle.current().pid())).isPositive();
  }

  @Test
  void shouldEndWhenARoundLeavesTheCompilersQuiet() throws Exception {
    long self = ProcessHandle.current().pid();
    int[] rounds = {0};

    CompilerSettling.Outcome outcome =
        CompilerSettling.settle(
            self,
            index -> {
              rounds[0]++;
              long until = System.nanoTime() + 1_000_000_000L;
              while (System.nanoTime() < until) {
                Thread.onSpinWait(); // One second of a loop the compilers have long compiled.
              }
            });

    assertThat(outcome.rounds()).isEqualTo(rounds[0]).isPositive();
    assertThat(outcome.lastCores()).isLessThanOrEqualTo(CompilerSettling.QUIET_CORES);
  }
}
