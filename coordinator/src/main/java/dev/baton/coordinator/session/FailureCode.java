package dev.baton.coordinator.session;

/**
 * The codes of failures the coordinator decides itself. A worker's failure keeps the worker's own
 * code (see {@link Failure#reported}).
 */
public enum FailureCode {
  /** The agent asked for another step after {@link SessionLimits#maxStepsPerTurn()}. */
  LIMIT_STEPS_PER_TURN,
  /** The agent asked for more calls in one step than {@link SessionLimits#maxCallsPerStep()}. */
  LIMIT_CALLS_PER_STEP,
  /** The turn still ran at its deadline. */
  LIMIT_TURN_DEADLINE,
  /** A tool call was dispatched {@link SessionLimits#maxStepAttempts()} times without starting. */
  LIMIT_TOOL_CALL_DISPATCHES,
  /** No result or lease renewal came for an agent step within {@link SessionLimits#lease()}. */
  LEASE_EXPIRED,
  /** The agent asked for tool calls that cannot be dispatched (none, blank or repeated ids). */
  INVALID_TOOL_CALLS,
  /**
   * What the turn led to cannot be written: one of the records it needs would be larger than the
   * broker accepts (see {@link SessionCommand.RefuseOversizeOutcome}).
   */
  LIMIT_RECORD_SIZE,
  /** A step's tool calls are larger than {@link PayloadLimits#maxToolCallBytes()} allows. */
  LIMIT_TOOL_CALL_BYTES,
  /** A step's answer is larger than {@link PayloadLimits#maxAnswerBytes()}. */
  LIMIT_ANSWER_BYTES,
  /**
   * A tool result was larger than {@link PayloadLimits#maxToolResultBytes()}: not a failure of the
   * turn, the text of the call's error result, which replaces the output.
   */
  LIMIT_TOOL_RESULT_BYTES,
  /**
   * A tool call still waited for its approval at its deadline, and {@link
   * ApprovalPolicy#onTimeout()} fails the turn.
   */
  APPROVAL_EXPIRED
}
