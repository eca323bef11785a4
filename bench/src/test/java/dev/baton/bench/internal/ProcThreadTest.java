package dev.baton.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcThreadTest {

  @Test
  void shouldReadANameWithSpacesAndParenthesesAndItsTicks() {
    String stat = "4242 (a (b) c) S 1 1 1 0 -1 4194368 0 0 0 0 150 25 0 0 20 0 1 0 100 0 0";

    assertThat(ProcThread.parse(stat)).contains(new ProcThread("a (b) c", 1750.0));
    assertThat(ProcThread.parse("")).isEmpty();
    assertThat(ProcThread.parse("4242 (cut) S 1")).isEmpty();
  }

  @Test
  void shouldTellHotSpotsOwnThreadsFromThoseThatRunJava() {
    assertThat(new ProcThread("C2 CompilerThre", 1).isHotSpotOwn()).isTrue();
    assertThat(new ProcThread("GC Thread#1", 1).isHotSpotOwn()).isTrue();
    assertThat(new ProcThread("G1 Conc#0", 1).isHotSpotOwn()).isTrue();
    assertThat(new ProcThread("VM Thread", 1).isHotSpotOwn()).isTrue();
    assertThat(new ProcThread("data-plane-kafk", 1).isHotSpotOwn()).isFalse();
    assertThat(new ProcThread("main", 1).isHotSpotOwn()).isFalse();
  }

  @Test
  void shouldNameACompilerAsThreadPrintDoes() {
    assertThat(ThreadTimes.group(new ProcThread("C1 CompilerThre", 1).fullName(), "app"))
        .isEqualTo("CN CompilerThreadN");
    assertThat(new ProcThread("GC Thread#3", 1).fullName()).isEqualTo("GC Thread#3");
  }

  @Test
  void shouldListTheThreadsOfThisProcess() throws Exception {
    assertThat(ProcThread.of(ProcessHandle.current().pid()))
        .anyMatch(ProcThread::isCompiler)
        .anyMatch(thread -> thread.millis() > 0);
  }
}
