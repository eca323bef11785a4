package dev.baton.coordinator.session;

/** What {@link SessionCommand.SubmitTurn} does when the session already has an active turn. */
public enum OnBusy {
  /** Reject the new turn with {@link RejectionCode#SESSION_BUSY}. */
  REJECT,
  /**
   * Append the new turn to the session's FIFO queue, which is bounded by {@link
   * SessionLimits#queueCapacity()}; a full queue rejects it with {@link RejectionCode#QUEUE_FULL}.
   */
  ENQUEUE,
  /** Cancel the active turn ({@link CancelReason#INTERRUPTED}) and start the new one at once. */
  INTERRUPT,
  /**
   * Cancel the active turn ({@link CancelReason#ROLLED_BACK}), remove the messages it appended from
   * history, and start the new one at once.
   */
  ROLLBACK
}
