package dev.baton.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PythonWorkersTest {

  @Test
  void shouldReadProcessesAndThreads() {
    PythonWorkers workers = PythonWorkers.parse("3x16", false);

    assertThat(workers).isEqualTo(new PythonWorkers(3, 16, false));
    assertThat(workers.slots()).isEqualTo(48);
    assertThat(workers).hasToString("3 Python workers x 16 threads, no deltas");
  }

  @Test
  void shouldRejectWhatIsNotTwoPositiveCounts() {
    for (String text : new String[] {"2", "2x", "0x4", "2x-1", "axb", "2x3x4"}) {
      assertThatThrownBy(() -> PythonWorkers.parse(text, true))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("PROCESSESxTHREADS");
    }
  }
}
