package dev.baton.coordinator.session;

/**
 * Why a worker's result was ignored (see {@link SessionEvent.StepResultIgnored}, {@link
 * SessionEvent.ToolResultIgnored}).
 */
public enum IgnoreReason {
  /** The result's turn has ended (it is among the remembered finished turns). */
  TURN_ENDED,
  /** The result's turn is not the active turn and has not ended: queued, forgotten or unknown. */
  UNKNOWN_TURN,
  /**
   * The result's fencing token is older than the turn's current assignment: a zombie worker, a
   * retried attempt, or a redelivered result of a step that already completed.
   */
  STALE_FENCING_TOKEN,
  /** The result names an assignment the coordinator never made (a token from the future). */
  UNKNOWN_ASSIGNMENT,
  /** A tool call result names a call that the batch does not have. */
  UNKNOWN_CALL,
  /** A second result for a tool call that already has one (a redelivery); the first one counts. */
  DUPLICATE_RESULT
}
