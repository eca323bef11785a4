package dev.baton.cli.chaos;

import java.util.function.BooleanSupplier;

/** Waits that a cancelled handler leaves early, as a well-behaved tool or agent does. */
final class Pauses {

  private static final long SLICE_MS = 20;

  private Pauses() {}

  /**
   * Sleeps {@code ms} milliseconds in short slices, returning early once {@code cancelled} is true.
   *
   * @return whether it slept the whole time
   */
  static boolean sleep(long ms, BooleanSupplier cancelled) throws InterruptedException {
    long end = System.nanoTime() + ms * 1_000_000;
    while (true) {
      long left = end - System.nanoTime();
      if (left <= 0) {
        return true;
      }
      if (cancelled.getAsBoolean()) {
        return false;
      }
      Thread.sleep(Math.min(SLICE_MS, Math.max(1, left / 1_000_000)));
    }
  }
}
