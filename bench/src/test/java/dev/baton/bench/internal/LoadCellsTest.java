package dev.baton.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoadCellsTest {

  @Test
  void shouldDivideTheLoadByTheBaseline() {
    TurnLoads.Result baseline = result(100, 10, 10, Map.of(), false);
    TurnLoads.Result load = result(50, 20, 10, Map.of(), false);

    List<Object> ratios = LoadCells.ratios(load, baseline);

    assertThat(ratios).containsExactly(0.5, 2.0, 2.0);
  }

  @Test
  void shouldNoteErrorsAndACutLoad() {
    Table table = new Table("t", "T", "case");

    LoadCells.noteProblems(table, "row", result(10, 5, 1, Map.of("failed", 2L), true));

    assertThat(table.text()).contains("row: errors {failed=2}.").contains("row: stopped sending");
  }

  @Test
  void shouldNameTheFigureColumnsBeforeTheCaseOwn() {
    TurnLoads.Result result = result(10, 5, 1, Map.of(), false);

    String[] columns = LoadCells.columns("coord CPU cores");

    assertThat(columns)
        .containsExactly(
            "case", "turns", "turns/s", "p50 ms", "p99 ms", "errors", "coord CPU cores");
    assertThat(LoadCells.figures("row", result)).hasSize(columns.length - 1);
  }

  @Test
  void shouldNoteErrorsOnlyWhenAskedForErrors() {
    Table table = new Table("t", "T", "case");

    LoadCells.noteErrors(table, "row", result(10, 5, 1, Map.of("failed", 2L), true));

    assertThat(table.text()).contains("row: errors {failed=2}.").doesNotContain("stopped sending");
  }

  /** {@code turns} turns over {@code seconds}, each taking {@code millis}. */
  private static TurnLoads.Result result(
      int turns, long millis, double seconds, Map<String, Long> errors, boolean cut) {
    Latencies latencies = new Latencies(turns);
    for (int i = 0; i < turns; i++) {
      latencies.record(0, millis * 1_000_000);
    }
    return new TurnLoads.Result(turns, errors, seconds, latencies, cut);
  }
}
