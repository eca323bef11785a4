package dev.baton.coordinator.session;

/** What {@link SessionCommand.SubmitTurn} does when the session already has an active turn. */
public enum OnBusy {
  /** Reject the new turn with {@link RejectionCode#SESSION_BUSY}. */
  REJECT,
  /**
   * Append the new turn to the session's FIFO queue, which is bounded by {@link
   * SessionLimits#queueCapacity()}; a full queue rejects it with {@link RejectionCode#QUEUE_FULL}.
   */
  ENQUEUE
}
