package dev.baton.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchRunTest {

  private static Table live(double p99) {
    return new Table("streams-live", "Live streams", "case", "p99 ms").row("1000 streams", p99);
  }

  @Test
  void shouldSayWhenFewerRunsThanAttemptedGaveAMedian() {
    Table median = BenchRun.medianOf("streams", List.of(live(121.4), live(141.1)), 3, 2);

    assertThat(median.value("1000 streams", "p99 ms")).isEqualTo(131.25);
    assertThat(median.notes())
        .containsExactly(
            "Of 2 of the 3 runs: case streams failed in the others (see \"Case streams"
                + " failed\").");
  }

  @Test
  void shouldAddNoNoteWhenEveryRunGaveTheTable() {
    Table median = BenchRun.medianOf("streams", List.of(live(1), live(2), live(3)), 3, 3);

    assertThat(median.value("1000 streams", "p99 ms")).isEqualTo(2.0);
    assertThat(median.notes()).isEmpty();
  }

  @Test
  void shouldAddNoNoteToATableOfOneRunWhenNoRunFailed() {
    Table threadsOfRunOne = BenchRun.medianOf("streams", List.of(live(1)), 3, 3);

    assertThat(threadsOfRunOne.notes()).isEmpty();
  }

  @Test
  void shouldAddNoNoteToTheFailureTableItself() {
    Table failure = BenchRun.failure("streams", "java.io.IOException: Too many open files");

    assertThat(BenchRun.medianOf("streams", List.of(failure), 3, 2).notes()).isEmpty();
  }
}
