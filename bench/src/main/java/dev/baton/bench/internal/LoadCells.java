package dev.baton.bench.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The cells that the tables comparing two deployments of a run share: a load's figures, its ratios
 * to the baseline load of the same run, and the notes a load with errors or cut short gets.
 */
final class LoadCells {

  /** The ratio cells of the baseline row itself. */
  static final List<Object> NO_RATIOS = List.of("-", "-", "-");

  private static final List<String> FIGURE_COLUMNS =
      List.of("case", "turns", "turns/s", "p50 ms", "p99 ms", "errors");

  private LoadCells() {}

  /** The columns of {@link #figures}, then {@code more}. */
  static String[] columns(String... more) {
    List<String> columns = new ArrayList<>(FIGURE_COLUMNS);
    columns.addAll(List.of(more));
    return columns.toArray(String[]::new);
  }

  /** {@code name}, turns completed, turns/s, p50 ms, p99 ms, errors. */
  static List<Object> figures(String name, TurnLoads.Result result) {
    return new ArrayList<>(
        List.of(
            name,
            result.completed(),
            result.turnsPerSecond(),
            p(result, 50),
            p(result, 99),
            result.errorCount()));
  }

  /** {@code load} over {@code baseline}: turns/s, p50 and p99. */
  static List<Object> ratios(TurnLoads.Result load, TurnLoads.Result baseline) {
    return List.of(
        load.turnsPerSecond() / baseline.turnsPerSecond(),
        p(load, 50) / p(baseline, 50),
        p(load, 99) / p(baseline, 99));
  }

  /**
   * Notes under {@code table} the errors of the row {@code name}, and whether the budget cut it.
   */
  static void noteProblems(Table table, String name, TurnLoads.Result result) {
    noteErrors(table, name, result);
    if (result.cutByBudget()) {
      table.note(name + ": stopped sending at the time budget; the turns column is what ran.");
    }
  }

  /** Notes under {@code table} the errors of the row {@code name}, if it had any. */
  static void noteErrors(Table table, String name, TurnLoads.Result result) {
    if (result.errorCount() > 0) {
      table.note(name + ": errors " + result.errors() + ".");
    }
  }

  private static double p(TurnLoads.Result result, int percentile) {
    return result.latencies().percentileMillis(percentile);
  }
}
