package dev.baton.bench.internal;

import java.util.List;
import java.util.Map;
import java.util.function.DoublePredicate;

/** The performance targets, each read from a result table and marked hit, missed or not run. */
public final class Targets {

  private Targets() {}

  /**
   * One target: the figure in {@code column} of {@code row} of the table {@code tableId}, and the
   * test it must pass.
   */
  private record Target(
      String name, String tableId, String row, String column, DoublePredicate hit) {}

  /** The targets table for the median {@code tables} (by id) of a run with {@code sizes}. */
  public static Table evaluate(Map<String, Table> tables, Sizes sizes) {
    Table table = new Table("targets", "Targets", "target", "measured", "result");
    targets(sizes).forEach(target -> check(table, tables, target, sizes));
    warmAgain(table, tables, sizes.profiled().toString());
    return table;
  }

  private static List<Target> targets(Sizes sizes) {
    String profiled = sizes.profiled() + " EOS";
    String sequential = sequential(sizes.closedLoop());
    String httpSequential = sequential(sizes.httpLoop());
    String held = sizes.heldTurns() + " in flight, held " + sizes.hold().toMillis() + " ms";
    String sessions = sizes.scaleSessions() + " sessions x 1 turn";
    Sizes.Streams streams = sizes.streams();
    return List.of(
        new Target(">= 3300 turns/s at " + profiled, "closed", profiled, "turns/s", v -> v >= 3300),
        new Target(
            ">= 3300 turns/s at " + profiled + " through HTTP",
            "http",
            profiled,
            "turns/s",
            v -> v >= 3300),
        new Target(
            "sequential (" + sequential + ") p50 <= 10 ms EOS",
            "closed",
            sequential + " EOS",
            "p50 ms",
            v -> v <= 10),
        new Target(
            "sequential (" + sequential + ") p50 <= 3.5 ms ALOS",
            "closed",
            sequential + " ALOS",
            "p50 ms",
            v -> v <= 3.5),
        new Target(
            "sequential (" + httpSequential + ") p50 <= 12 ms EOS through HTTP",
            "http",
            httpSequential + " EOS",
            "p50 ms",
            v -> v <= 12),
        new Target(
            "sequential (" + httpSequential + ") p50 <= 5 ms ALOS through HTTP",
            "http",
            httpSequential + " ALOS",
            "p50 ms",
            v -> v <= 5),
        new Target(
            "CPU per turn, every process, " + sequential + " EOS <= 6 ms",
            "closed",
            sequential + " EOS",
            "all CPU ms/turn",
            v -> v <= 6),
        new Target(
            held + ": all in flight at once",
            "scale",
            held,
            "most steps in flight at once",
            v -> v >= sizes.heldTurns()),
        new Target(held + ": p99 <= 2 s", "scale", held, "p99 ms", v -> v <= 2000),
        new Target(
            sizes.scaleSessions() + " sessions: coordinator RSS <= 1024 MB",
            "scale",
            sessions,
            "coord RSS MB",
            v -> v <= 1024),
        new Target(
            sizes.scaleSessions() + " sessions: the first of them answer again, none fails",
            "scale",
            TurnCases.againRow(Math.min(TurnCases.SESSIONS_AGAIN, sizes.scaleSessions())),
            "errors",
            v -> v == 0),
        new Target(
            "lock cycles >= 50% of raw EVALSHA (1 thread)",
            "lock", "lock uncontended", "% of raw EVALSHA", v -> v >= 50),
        new Target(
            "replay >= 200000 msg/s", "replay", "read with serdes", "msg/s", v -> v >= 200_000),
        new Target(
            streams.liveRow() + ": every stream gets every delta once and in order",
            "streams-live",
            streams.liveRow(),
            "complete",
            v -> v >= streams.live()),
        new Target(
            streams.liveRow() + ": delta p99 <= 100 ms, emit to client",
            "streams-live",
            streams.liveRow(),
            "p99 ms",
            v -> v <= 100),
        new Target(
            streams.idleRow() + ": coordinator heap <= 25 KB per feed (10000 in 256 MB)",
            "streams-idle",
            streams.idleRow(),
            "heap KB/feed",
            v -> v <= 25));
  }

  /**
   * The first one-session shape of {@code shapes} (1x200; quick 1x50), or {@code 1xM} when none
   * ran, so that the sequential targets then read "not run" rather than another shape's figures.
   */
  private static String sequential(List<Sizes.Shape> shapes) {
    return shapes.stream()
        .filter(shape -> shape.sessions() == 1)
        .findFirst()
        .map(Sizes.Shape::toString)
        .orElse("1xM");
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

  private static void check(Table out, Map<String, Table> tables, Target target, Sizes sizes) {
    Table table = tables.get(target.tableId());
    double value = table == null ? Double.NaN : table.value(target.row(), target.column());
    String result = Double.isNaN(value) ? "not run" : target.hit().test(value) ? "hit" : "missed";
    double turns = table == null ? Double.NaN : table.value(target.row(), "turns");
    boolean scale = target.tableId().equals("scale") && target.row().contains("sessions x");
    if (scale && !Double.isNaN(turns) && turns < sizes.scaleSessions()) {
      result = "not reached: " + Math.round(turns) + " sessions ran within the budget";
    }
    out.row(target.name(), value, result);
  }
}
