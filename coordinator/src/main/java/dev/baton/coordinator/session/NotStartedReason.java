package dev.baton.coordinator.session;

/**
 * Why a worker did not start a tool call ({@link SessionCommand.ReportToolCallNotStarted}). For now
 * every reason re-dispatches the call, up to {@link SessionLimits#maxStepAttempts()} dispatches.
 */
public enum NotStartedReason {
  /**
   * Redis could not be reached; later this switches the batch to {@link DispatchMode#SEQUENTIAL}.
   */
  LOCK_UNAVAILABLE,
  /** The turn lock was not granted in time. */
  LOCK_TIMEOUT,
  /** The worker has no handler for the tool; another worker may have one. */
  UNKNOWN_TOOL,
  /** The worker saw the turn cancelled. */
  CANCELLED,
  /** The worker saw a newer fencing token in the lock. */
  STALE_FENCING_TOKEN,
  /** The worker was shutting down. */
  SHUTTING_DOWN,
  /** Anything else. */
  OTHER,
  /**
   * Not a worker's report: the coordinator heard nothing of the call (no result, no lease renewal)
   * for a whole lease and dispatches it again.
   */
  LEASE_EXPIRED
}
