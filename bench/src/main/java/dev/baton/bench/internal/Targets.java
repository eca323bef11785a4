package dev.baton.bench.internal;

import java.util.Map;
import java.util.function.DoublePredicate;

/** The performance targets, each read from a result table and marked hit, missed or not run. */
public final class Targets {

  private Targets() {}

  /** The targets table for the median {@code tables} (by id) of a run with {@code sizes}. */
  public static Table evaluate(Map<String, Table> tables, Sizes sizes) {
    Table table = new Table("targets", "Targets", "target", "measured", "result");
    String profiled = sizes.profiled().toString();
    String sequential = sizes.closedLoop().getFirst().toString();
    String httpSequential = sizes.httpLoop().getFirst().toString();
    check(
        table,
        tables,
        ">= 3300 turns/s at " + profiled + " EOS",
        "closed",
        profiled + " EOS",
        "turns/s",
        v -> v >= 3300,
        sizes);
    check(
        table,
        tables,
        ">= 3300 turns/s at " + profiled + " EOS through HTTP",
        "http",
        profiled + " EOS",
        "turns/s",
        v -> v >= 3300,
        sizes);
    check(
        table,
        tables,
        "sequential (" + sequential + ") p50 <= 10 ms EOS",
        "closed",
        sequential + " EOS",
        "p50 ms",
        v -> v <= 10,
        sizes);
    check(
        table,
        tables,
        "sequential (" + sequential + ") p50 <= 3.5 ms ALOS",
        "closed",
        sequential + " ALOS",
        "p50 ms",
        v -> v <= 3.5,
        sizes);
    check(
        table,
        tables,
        "sequential (" + httpSequential + ") p50 <= 12 ms EOS through HTTP",
        "http",
        httpSequential + " EOS",
        "p50 ms",
        v -> v <= 12,
        sizes);
    check(
        table,
        tables,
        "sequential (" + httpSequential + ") p50 <= 5 ms ALOS through HTTP",
        "http",
        httpSequential + " ALOS",
        "p50 ms",
        v -> v <= 5,
        sizes);
    check(
        table,
        tables,
        "CPU per turn, every process, " + sequential + " EOS <= 6 ms",
        "closed",
        sequential + " EOS",
        "all CPU ms/turn",
        v -> v <= 6,
        sizes);
    warmAgain(table, tables, profiled);
    check(
        table,
        tables,
        sizes.heldTurns() + " turns held " + sizes.hold().toMillis() + " ms: p99 <= 2 s",
        "scale",
        sizes.heldTurns() + " in flight, held " + sizes.hold().toMillis() + " ms",
        "p99 ms",
        v -> v <= 2000,
        sizes);
    check(
        table,
        tables,
        sizes.scaleSessions() + " sessions: coordinator RSS <= 1024 MB",
        "scale",
        sizes.scaleSessions() + " sessions x 1 turn",
        "coord RSS MB",
        v -> v <= 1024,
        sizes);
    check(
        table,
        tables,
        "lock cycles >= 50% of raw EVALSHA (1 thread)",
        "lock",
        "lock uncontended",
        "% of raw EVALSHA",
        v -> v >= 50,
        sizes);
    check(
        table,
        tables,
        "replay >= 200000 msg/s",
        "replay",
        "read with serdes",
        "msg/s",
        v -> v >= 200_000,
        sizes);
    return table;
  }

  /** The second run on a warm instance does at least 90% of the first one's turns/s. */
  private static void warmAgain(Table out, Map<String, Table> tables, String shape) {
    Table warm = tables.get("warm");
    String target = "the same load again on a warm instance: >= 90% of the first run's turns/s";
    if (warm == null) {
      out.row(target, Double.NaN, "not run");
      return;
    }
    double first = warm.value(shape + " EOS, first run", "turns/s");
    double second = warm.value(shape + " EOS, second run", "turns/s");
    double ratio = 100 * second / first;
    out.row(target, ratio, Double.isNaN(ratio) ? "not run" : ratio >= 90 ? "hit" : "missed");
  }

  private static void check(
      Table out,
      Map<String, Table> tables,
      String target,
      String tableId,
      String row,
      String column,
      DoublePredicate hit,
      Sizes sizes) {
    Table table = tables.get(tableId);
    double value = table == null ? Double.NaN : table.value(row, column);
    String result = Double.isNaN(value) ? "not run" : hit.test(value) ? "hit" : "missed";
    double turns = table == null ? Double.NaN : table.value(row, "turns");
    if (tableId.equals("scale") && !Double.isNaN(turns) && turns < sizes.scaleSessions()) {
      result = "not reached: " + Math.round(turns) + " sessions ran within the budget";
    }
    out.row(target, value, result);
  }
}
