package dev.baton.bench.internal;

import java.util.Arrays;

/** Latencies in microseconds, recorded from one thread at a time; percentiles by nearest rank. */
public final class Latencies {

  private long[] micros;
  private int count;

  /** An empty recorder sized for about {@code expected} values. */
  public Latencies(int expected) {
    this.micros = new long[Math.max(16, expected)];
  }

  /** Records one latency given as the start and end of {@link System#nanoTime()}. */
  public synchronized void record(long startNanos, long endNanos) {
    if (count == micros.length) {
      micros = Arrays.copyOf(micros, count * 2);
    }
    micros[count++] = Math.max(0, (endNanos - startNanos) / 1_000);
  }

  /** How many latencies were recorded. */
  public synchronized int count() {
    return count;
  }

  /** The nearest-rank percentile {@code p} (0 to 100) in milliseconds; NaN if none recorded. */
  public synchronized double percentileMillis(double p) {
    if (count == 0) {
      return Double.NaN;
    }
    long[] sorted = Arrays.copyOf(micros, count);
    Arrays.sort(sorted);
    return nearestRank(sorted, p) / 1000.0;
  }

  /** The nearest-rank percentile {@code p} (0 to 100) of sorted, non-empty {@code values}. */
  static long nearestRank(long[] sorted, double p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
  }

  /** The largest latency in milliseconds; NaN if none recorded. */
  public double maxMillis() {
    return percentileMillis(100);
  }
}
