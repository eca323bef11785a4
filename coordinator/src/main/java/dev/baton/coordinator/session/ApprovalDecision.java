package dev.baton.coordinator.session;

/** How a tool call that waited for approval was decided. */
public enum ApprovalDecision {
  /** A person approved it: it runs, with their edit of the arguments if they made one. */
  APPROVED,
  /** A person denied it: it never runs, and its result says so. */
  DENIED,
  /** Nobody decided by its deadline, and the policy denies such calls. */
  EXPIRED
}
