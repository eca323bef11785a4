package dev.baton.cli.ops;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * A progress bar for a terminal: one line, redrawn in place with a carriage return at most every
 * {@code interval}, showing the share done, the rate and the records left; a final line when the
 * read has finished.
 *
 * <pre>{@code
 * [##########----------]  50%  12,400 rec/s  61,012 left
 * }</pre>
 */
public final class ProgressBar implements ProgressListener {

  /** How often the bar is redrawn by default. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(200);

  private static final int WIDTH = 20;

  private final PrintWriter out;
  private final LongSupplier nanoClock;
  private final long intervalNanos;
  private long startNanos;
  private long lastDrawNanos;
  private boolean started;
  private long done;
  private long total;

  /** A bar on {@code out} using the system clock, redrawn every {@link #DEFAULT_INTERVAL}. */
  public ProgressBar(PrintWriter out) {
    this(out, System::nanoTime, DEFAULT_INTERVAL);
  }

  /** A bar on {@code out} timed by {@code nanoClock}, redrawn at most every {@code interval}. */
  public ProgressBar(PrintWriter out, LongSupplier nanoClock, Duration interval) {
    this.out = Objects.requireNonNull(out, "out");
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    this.intervalNanos = interval.toNanos();
  }

  @Override
  public void progress(long done, long total) {
    this.done = done;
    this.total = total;
    long now = nanoClock.getAsLong();
    if (!started) {
      // The rate counts from the first report, not from the connection checks before it.
      started = true;
      startNanos = now;
      lastDrawNanos = now - intervalNanos;
    }
    if (now - lastDrawNanos >= intervalNanos) {
      lastDrawNanos = now;
      out.print("\r" + render(done, total, now - startNanos));
      out.flush();
    }
  }

  @Override
  public void finished() {
    out.println("\r" + render(done, total, nanoClock.getAsLong() - startNanos));
    out.flush();
  }

  /**
   * The bar for {@code done} of {@code total} records after {@code elapsedNanos}; a total of 0
   * reads as complete.
   */
  public static String render(long done, long total, long elapsedNanos) {
    double share = total <= 0 ? 1.0 : Math.min(1.0, (double) done / total);
    int filled = (int) Math.round(share * WIDTH);
    double seconds = elapsedNanos / 1e9;
    long rate = seconds <= 0 ? 0 : Math.round(done / seconds);
    return String.format(
        Locale.ROOT,
        "[%s%s] %3d%%  %,d rec/s  %,d left",
        "#".repeat(filled),
        "-".repeat(WIDTH - filled),
        (long) Math.floor(share * 100),
        rate,
        Math.max(0, total - done));
  }
}
