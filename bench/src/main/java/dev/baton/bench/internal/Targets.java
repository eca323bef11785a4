package dev.baton.bench.internal;

import java.util.Map;
import java.util.function.DoublePredicate;

/** The targets of issue #6, each read from a result table and marked hit, missed or not run. */
public final class Targets {

  private Targets() {}

  /** The targets table for the median {@code tables} (by id) of a run with {@code sizes}. */
  public static Table evaluate(Map<String, Table> tables, Sizes sizes) {
    Table table = new Table("targets", "Targets", "target", "measured", "result");
    String profiled = sizes.profiled().toString();
    String sequential = sizes.closedLoop().getFirst().toString();
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
        "sequential (" + sequential + ") p50 <= 3.5 ms ALOS",
        "closed",
        sequential + " ALOS",
        "p50 ms",
        v -> v <= 3.5,
        sizes);
    check(
        table,
        tables,
        "sequential (" + sequential + ") p50 <= 15 ms EOS",
        "closed",
        sequential + " EOS",
        "p50 ms",
        v -> v <= 15,
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
