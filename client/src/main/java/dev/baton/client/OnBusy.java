package dev.baton.client;

import java.util.Locale;

/** What a submit asks the coordinator to do when the session already runs a turn. */
public enum OnBusy {
  /** Refuse the new turn: {@code 409 SESSION_BUSY}. */
  REJECT,
  /** Queue it behind the active turn ({@code 409 QUEUE_FULL} when the queue is full). */
  ENQUEUE,
  /** Cancel the active turn and start this one. */
  INTERRUPT,
  /** Cancel the active turn, remove its messages from the history, and start this one. */
  ROLLBACK,
  /**
   * Join the active turn: the input reaches its next agent step as a user message (status {@code
   * STEERED}); if the turn answers first, the input starts the next turn. Counts against the queue
   * ({@code 409 QUEUE_FULL}).
   */
  STEER,
  /**
   * Join the newest queued turn as a user message of its own (status {@code QUEUED}), so that
   * several quick inputs get one answer; without a queued turn, like {@link #ENQUEUE}.
   */
  MERGE;

  /** The value of the request's {@code onBusy} field, such as {@code "enqueue"}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
