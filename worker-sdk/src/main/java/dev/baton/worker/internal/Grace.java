package dev.baton.worker.internal;

import java.time.Duration;

/**
 * Lets something that was asked to end (a worker shut down, a handler whose turn was stopped) end
 * by itself within a grace period, and forces it to (interrupts it) if it does not.
 */
public final class Grace {

  private Grace() {}

  /** Waits for something to end, at most a given time. */
  @FunctionalInterface
  public interface Ending {

    /**
     * Waits until it has ended, at most {@code timeout}; returns whether it has.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    boolean await(Duration timeout) throws InterruptedException;
  }

  /**
   * Gives {@code ending} {@code grace} to end; if it has not by then, runs {@code force}. Returns
   * whether it ended within the grace.
   *
   * @throws InterruptedException if interrupted while waiting; {@code force} does not run then
   */
  public static boolean endOrForce(Duration grace, Ending ending, Runnable force)
      throws InterruptedException {
    if (ending.await(grace)) {
      return true;
    }
    force.run();
    return false;
  }
}
