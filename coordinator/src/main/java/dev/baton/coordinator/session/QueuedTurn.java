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
 * @param inputDigest the digest of {@code input}
 */
public record QueuedTurn(
    String turnId,
    String input,
    Instant queuedAt,
    Optional<Duration> deadline,
    InputDigest inputDigest) {

  /** Null checks. */
  public QueuedTurn {
    Objects.requireNonNull(turnId, "turnId");
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(queuedAt, "queuedAt");
    Objects.requireNonNull(deadline, "deadline");
    Objects.requireNonNull(inputDigest, "inputDigest");
  }

  /** A queued turn with the digest of its input. */
  public QueuedTurn(String turnId, String input, Instant queuedAt, Optional<Duration> deadline) {
    this(turnId, input, queuedAt, deadline, InputDigest.of(input));
  }

  /** A queued turn with the configured deadline. */
  public QueuedTurn(String turnId, String input, Instant queuedAt) {
    this(turnId, input, queuedAt, Optional.empty());
  }

  /** This turn with {@code body} as its input, and still the digest of its input. */
  QueuedTurn withInput(String body) {
    return new QueuedTurn(turnId, body, queuedAt, deadline, inputDigest);
  }
}
