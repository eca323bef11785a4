package dev.baton.bench.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The most agent handlers that ran at the same time, from the turns' handler marks. */
final class HeldAtOnce {

  private HeldAtOnce() {}

  /**
   * The largest number of the turns' handlers that had started and not returned at one instant; a
   * turn with either mark missing is left out. A handler that returned at the instant another
   * started does not overlap it.
   */
  static int most(Collection<long[]> turns) {
    List<long[]> edges = new ArrayList<>();
    for (long[] marks : turns) {
      long started = marks[TurnPoint.HANDLER_STARTED.ordinal()];
      long returned = marks[TurnPoint.HANDLER_RETURNED.ordinal()];
      if (started > 0 && returned > 0) {
        edges.add(new long[] {started, 1});
        edges.add(new long[] {returned, -1});
      }
    }
    // At equal times the returns come first.
    edges.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
    int running = 0;
    int most = 0;
    for (long[] edge : edges) {
      running += (int) edge[1];
      most = Math.max(most, running);
    }
    return most;
  }

  /**
   * How long after the first turn was sent the last of the turns reached {@code point}, in
   * milliseconds (for {@link TurnPoint#HANDLER_STARTED}: how long the coordinator and the worker
   * took to start every held step); NaN if no turn has both marks.
   */
  static double lastMillis(Collection<long[]> turns, TurnPoint point) {
    long firstSent = Long.MAX_VALUE;
    long last = 0;
    for (long[] marks : turns) {
      long sent = marks[TurnPoint.SENT.ordinal()];
      if (sent > 0) {
        firstSent = Math.min(firstSent, sent);
      }
      last = Math.max(last, marks[point.ordinal()]);
    }
    return firstSent == Long.MAX_VALUE || last == 0 ? Double.NaN : (last - firstSent) / 1000.0;
  }
}
