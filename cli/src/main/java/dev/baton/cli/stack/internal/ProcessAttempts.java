package dev.baton.cli.stack.internal;

import dev.baton.cli.stack.StackException;
import java.time.Duration;
import java.util.Objects;

/**
 * The attempts to start one child-process part: each attempt is a fresh {@link ProcessPart} (a part
 * starts once, and closes itself when its start fails), so a part that lost a port race can be
 * started again ({@link PortRaces}). Closing stops the current attempt and refuses further ones.
 */
public final class ProcessAttempts implements AutoCloseable {

  private final String part;
  private final Duration startTimeout;
  private ProcessPart current;
  private boolean closed;

  /** Attempts of the part named {@code part}, each of which must be ready within the timeout. */
  public ProcessAttempts(String part, Duration startTimeout) {
    this.part = Objects.requireNonNull(part, "part");
    this.startTimeout = Objects.requireNonNull(startTimeout, "startTimeout");
  }

  /**
   * A new attempt to start.
   *
   * @throws StackException if closed
   * @throws IllegalStateException if an earlier attempt is running
   */
  public synchronized ProcessPart next() {
    if (closed) {
      throw StackException.startFailed(part, "it was closed while starting", null);
    }
    if (current != null && current.process().isPresent()) {
      throw new IllegalStateException(part + " is already running; it can be started once");
    }
    current = new ProcessPart(part, startTimeout);
    return current;
  }

  /** Stops the current attempt, if any, and refuses new ones. Idempotent. */
  @Override
  public synchronized void close() {
    closed = true;
    if (current != null) {
      current.close();
    }
  }
}
