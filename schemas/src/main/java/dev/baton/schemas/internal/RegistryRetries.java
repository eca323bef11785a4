package dev.baton.schemas.internal;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When one registry call tries again after a transient failure: after a pause that doubles from
 * {@link #FIRST_PAUSE} up to {@link #LONGEST_PAUSE} (each drawn between half and all of it), and
 * only while the pause leaves the call's deadline at least {@link #SHORTEST_ATTEMPT} for the next
 * attempt. One call's retries all fit in its deadline, so a caller waits no longer than it did for
 * one attempt.
 */
final class RegistryRetries {

  static final Duration FIRST_PAUSE = Duration.ofMillis(50);
  static final Duration LONGEST_PAUSE = Duration.ofSeconds(1);
  static final Duration SHORTEST_ATTEMPT = Duration.ofMillis(100);

  private final long deadlineNanos;
  private int failures;

  private RegistryRetries(long deadlineNanos) {
    this.deadlineNanos = deadlineNanos;
  }

  /** The retries of a call that must end within {@code timeout} from now. */
  static RegistryRetries within(Duration timeout) {
    return new RegistryRetries(System.nanoTime() + timeout.toNanos());
  }

  /** How long the next attempt may wait for its answer: what is left of the deadline. */
  Duration attemptTimeout() {
    long left = deadlineNanos - System.nanoTime();
    return Duration.ofNanos(Math.max(left, Duration.ofMillis(1).toNanos()));
  }

  /**
   * An attempt failed transiently: sleeps before the next and returns true, or returns false at
   * once when the deadline leaves no room for another attempt.
   *
   * @throws InterruptedException if the pause is interrupted
   */
  boolean pauseBeforeRetry() throws InterruptedException {
    failures++;
    Duration pause = pause(failures);
    long left = deadlineNanos - System.nanoTime();
    if (left - pause.toNanos() < SHORTEST_ATTEMPT.toNanos()) {
      return false;
    }
    Thread.sleep(pause);
    return true;
  }

  private static Duration pause(int failure) {
    long longest = LONGEST_PAUSE.toNanos();
    long doubled = FIRST_PAUSE.toNanos() << Math.min(failure - 1, 20);
    long nanos = Math.min(longest, doubled);
    return Duration.ofNanos(nanos / 2 + ThreadLocalRandom.current().nextLong(nanos / 2 + 1));
  }
}
