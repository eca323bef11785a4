package dev.baton.coordinator.session;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A turn that ended, remembered so that a repeated submit of its id is answered, not re-run, and a
 * submit of its id with another input is refused.
 *
 * @param turnId the turn
 * @param status its terminal status
 * @param inputDigest the digest of its input; empty for a turn stored before digests were kept,
 *     whose id is then taken as a repeat whatever the input
 * @param endedAt when it ended; it is remembered for {@link SessionLimits#turnIdWindow()} from then
 */
public record FinishedTurn(
    String turnId, TurnStatus status, Optional<InputDigest> inputDigest, Instant endedAt) {

  /** Null checks; the status must be terminal. */
  public FinishedTurn {
    Objects.requireNonNull(turnId, "turnId");
    Objects.requireNonNull(inputDigest, "inputDigest");
    Objects.requireNonNull(endedAt, "endedAt");
    if (!status.isTerminal()) {
      throw new IllegalArgumentException(
          "finished turn " + turnId + " must have a terminal status, got " + status);
    }
  }
}
