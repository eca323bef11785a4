package dev.baton.cli.stack.internal;

import dev.baton.cli.stack.StackException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/** Polls a condition until it holds or a deadline passes. */
public final class Poll {

  private static final Duration INTERVAL = Duration.ofMillis(100);

  private Poll() {}

  /**
   * A readiness check: empty when ready, otherwise why not yet. Throwing {@link StackException}
   * stops the poll at once (for example when a child process has exited).
   */
  @FunctionalInterface
  public interface Check {
    Optional<String> notReadyReason();
  }

  /**
   * Runs {@code check} until it reports ready.
   *
   * @throws StackException naming {@code part} and the last reason when {@code timeout} passes
   */
  public static void until(String part, Duration timeout, Check check) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String reason = "not checked yet";
    while (System.nanoTime() - deadline < 0) {
      Optional<String> notReady = check.notReadyReason();
      if (notReady.isEmpty()) {
        return;
      }
      reason = notReady.get();
      sleep(part);
    }
    throw StackException.notReady(part, timeout, reason);
  }

  /** Turns an exception into a not-ready reason. */
  public static Optional<String> reasonOf(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return Optional.of(root.getClass().getSimpleName() + ": " + root.getMessage());
  }

  /** Runs {@code attempt}, mapping any exception to a not-ready reason. */
  public static Optional<String> attempt(Supplier<Optional<String>> attempt) {
    try {
      return attempt.get();
    } catch (StackException e) {
      throw e;
    } catch (RuntimeException e) {
      return reasonOf(e);
    }
  }

  private static void sleep(String part) {
    try {
      Thread.sleep(INTERVAL);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw StackException.interrupted(part);
    }
  }
}
