package dev.baton.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CompilerSettlingTest {

  @Test
  void shouldCountOnlyTheCompilerThreads() {
    ThreadTimes times =
        new ThreadTimes(
            Map.of(
                "CN CompilerThreadN", 120.5,
                "CN CompilerThreadN-other", 2.0,
                "app-StreamThread-N", 900.0,
                "GC Thread#N", 30.0));

    assertThat(CompilerSettling.compilerMillis(times)).isEqualTo(122.5);
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
