package dev.baton.coordinator.session;

/**
 * Where a turn is in its life; all but {@code QUEUED}, {@code RUNNING} and {@code STEERED} are
 * terminal.
 */
public enum TurnStatus {
  /** Waiting in the session's queue for the active turn to end. */
  QUEUED,
  /** The session's active turn; at most one turn of a session is running. */
  RUNNING,
  /** The agent answered. */
  COMPLETED,
  /** A step failed and was not (or no longer) retried. */
  FAILED,
  /** Cancelled by the client or interrupted by a newer turn. */
  CANCELLED,
  /** The turn's deadline passed. */
  TIMED_OUT,
  /** The submit was rejected; a rejected turn is not remembered, see {@link RejectionCode}. */
  REJECTED,
  /**
   * A submit with {@link OnBusy#STEER} that joined the running turn: it waits for that turn's next
   * step, or was delivered to it. When that turn ends, the submit takes its status; if the turn
   * ended before its next step, the input is queued as a turn of its own ({@code QUEUED}).
   */
  STEERED;

  /** Whether the turn has ended and will not change again. */
  public boolean isTerminal() {
    return this != QUEUED && this != RUNNING && this != STEERED;
  }
}
