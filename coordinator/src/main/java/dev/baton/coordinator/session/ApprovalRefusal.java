package dev.baton.coordinator.session;

/** Why a decision on a tool call's approval was refused. */
public enum ApprovalRefusal {
  /** The turn is not the session's active turn: unknown, queued or ended. */
  TURN_NOT_ACTIVE,
  /** The active turn's current tool batch has no call with that id. */
  CALL_NOT_FOUND,
  /** The call does not wait for approval: it needed none, or it was decided before. */
  NOT_AWAITING,
  /**
   * The approver's edit of the arguments is larger than a tool call may be ({@link
   * PayloadLimits#maxToolCallBytes()}).
   */
  ARGUMENTS_TOO_LARGE
}
