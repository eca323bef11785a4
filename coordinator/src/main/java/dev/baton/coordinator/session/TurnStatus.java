package dev.baton.coordinator.session;

/** Where a turn is in its life; the last four are terminal. */
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
  REJECTED;

  /** Whether the turn has ended and will not change again. */
  public boolean isTerminal() {
    return this != QUEUED && this != RUNNING;
  }
}
