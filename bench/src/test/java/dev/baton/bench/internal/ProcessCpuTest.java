package dev.baton.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessCpuTest {

  @Test
  void shouldCountTheCpuOfEveryProcessOfTheGroup() {
    ProcessCpu self = new ProcessCpu(List.of(ProcessHandle.current()));
    ProcessCpu twice = new ProcessCpu(List.of(ProcessHandle.current(), ProcessHandle.current()));
    self.begin();
    twice.begin();
    long until = System.nanoTime() + 200_000_000;
    while (System.nanoTime() < until) {
      Thread.onSpinWait();
    }

    double selfCores = self.endCores();
    assertThat(selfCores).isGreaterThan(0.0);
    assertThat(twice.endCores()).isGreaterThan(selfCores);
  }

  @Test
  void shouldMeasureNothingOfAnEmptyGroup() {
    ProcessCpu none = new ProcessCpu(List.of());
    none.begin();

    assertThat(none.endCores()).isNaN();
  }
}
