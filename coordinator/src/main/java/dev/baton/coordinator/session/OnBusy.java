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
  ROLLBACK,
  /**
   * Join the active turn: the input waits on it ({@link SessionEvent.TurnSteered}) and is appended
   * as a user message at its next step boundary, carried by the next agent step, without cancelling
   * anything. If the turn ends first, the input starts the next turn as a turn of its own. Waiting
   * steered inputs count against {@link SessionLimits#queueCapacity()} with the queued turns; an
   * idle session starts the turn at once, a paused one without an active turn queues it.
   */
  STEER,
  /**
   * Join the newest queued turn: the input waits with it ({@link SessionEvent.TurnMerged}) and is
   * appended as a user message of its own after that turn's input when it starts, so that several
   * quick inputs get one answer. Without a queued turn it is {@link #ENQUEUE}. Merged inputs count
   * against {@link SessionLimits#queueCapacity()} with the queued turns; an idle session starts the
   * turn at once.
   */
  MERGE
}
