package dev.baton.bench.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Where turns' time went: for each pair of consecutive {@link TurnPoint}s, the median and the 95th
 * percentile over the turns of the time between them, and the same of the whole way. A turn counts
 * in a segment when both its ends were seen; the segments' figures do not add up to the whole's.
 */
public final class Breakdown {

  /**
   * One segment.
   *
   * @param from where it starts
   * @param to where it ends
   * @param medianMillis the median over the turns, in milliseconds; NaN if no turn had both
   * @param p95Millis the 95th percentile (nearest rank), in milliseconds; NaN if no turn had both
   * @param turns how many turns had both ends
   */
  public record Segment(
      TurnPoint from, TurnPoint to, double medianMillis, double p95Millis, int turns) {

    /** How a table names it. */
    public String label() {
      return from.label() + " -> " + to.label();
    }

    /** How a table names it for turns submitted through the HTTP API. */
    public String httpLabel() {
      return from.httpLabel() + " -> " + to.httpLabel();
    }
  }

  private Breakdown() {}

  /**
   * The segments between consecutive points, then the whole way (first to last point), of {@code
   * turns}, each indexed by {@link TurnPoint#ordinal()} with 0 for a point not seen.
   */
  public static List<Segment> of(List<long[]> turns) {
    TurnPoint[] points = TurnPoint.values();
    List<Segment> segments = new ArrayList<>();
    for (int i = 0; i + 1 < points.length; i++) {
      segments.add(segment(turns, points[i], points[i + 1]));
    }
    segments.add(segment(turns, points[0], points[points.length - 1]));
    return segments;
  }

  private static Segment segment(List<long[]> turns, TurnPoint from, TurnPoint to) {
    long[] micros =
        turns.stream()
            .filter(t -> t[from.ordinal()] != 0 && t[to.ordinal()] != 0)
            .mapToLong(t -> t[to.ordinal()] - t[from.ordinal()])
            .sorted()
            .toArray();
    return new Segment(
        from, to, median(micros) / 1000.0, percentile95(micros) / 1000.0, micros.length);
  }

  /** The median of sorted {@code values}: the middle one, or the mean of the middle two. */
  static double median(long[] sorted) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
  }

  /** The nearest-rank 95th percentile of sorted {@code values}, as {@link Latencies} takes it. */
  static double percentile95(long[] sorted) {
    return sorted.length == 0 ? Double.NaN : Latencies.nearestRank(sorted, 95);
  }
}
