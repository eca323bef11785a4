package dev.baton.coordinator.session;

import java.time.Instant;
import java.util.Objects;

/**
 * A turn waiting for the active turn to end.
 *
 * @param turnId the turn
 * @param input the user's input, appended to the history when the turn starts
 * @param queuedAt when it was queued
 */
public record QueuedTurn(String turnId, String input, Instant queuedAt) {

  /** Null checks. */
  public QueuedTurn {
    Objects.requireNonNull(turnId, "turnId");
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(queuedAt, "queuedAt");
  }
}
