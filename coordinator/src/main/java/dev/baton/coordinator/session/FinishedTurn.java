package dev.baton.coordinator.session;

import java.util.Objects;

/**
 * A turn that ended, remembered so that a repeated submit of its id is answered, not re-run.
 *
 * @param turnId the turn
 * @param status its terminal status
 */
public record FinishedTurn(String turnId, TurnStatus status) {

  /** Null checks; the status must be terminal. */
  public FinishedTurn {
    Objects.requireNonNull(turnId, "turnId");
    if (!status.isTerminal()) {
      throw new IllegalArgumentException(
          "finished turn " + turnId + " must have a terminal status, got " + status);
    }
  }
}
