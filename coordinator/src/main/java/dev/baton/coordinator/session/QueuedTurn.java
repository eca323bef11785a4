package dev.baton.coordinator.session;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A turn waiting for the active turn to end.
 *
 * @param turnId the turn
 * @param input the user's input, appended to the history when the turn starts
 * @param queuedAt when it was queued
 * @param deadline how long it may run once started; empty for {@link SessionLimits#turnDeadline()}
 */
public record QueuedTurn(
    String turnId, String input, Instant queuedAt, Optional<Duration> deadline) {

  /** Null checks. */
  public QueuedTurn {
    Objects.requireNonNull(turnId, "turnId");
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(queuedAt, "queuedAt");
    Objects.requireNonNull(deadline, "deadline");
  }

  /** A queued turn with the configured deadline. */
  public QueuedTurn(String turnId, String input, Instant queuedAt) {
    this(turnId, input, queuedAt, Optional.empty());
  }
}
