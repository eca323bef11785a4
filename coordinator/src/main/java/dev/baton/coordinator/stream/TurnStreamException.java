package dev.baton.coordinator.stream;

import dev.baton.schemas.BatonException;

/** A turn's stream cannot be opened: its records are gone, or the reader did not answer in time. */
public final class TurnStreamException extends BatonException {

  private static final long serialVersionUID = 1L;

  private final boolean expired;

  private TurnStreamException(String message, Throwable cause, boolean expired) {
    super(message, cause, !expired);
    this.expired = expired;
  }

  /**
   * The records the stream of {@code turnId} (null: the session's feed) needs are no longer kept;
   * not retryable.
   */
  static TurnStreamException expired(String sessionId, String turnId, String what) {
    return new TurnStreamException(streamOf(sessionId, turnId) + " is gone: " + what, null, true);
  }

  /** The reader could not open the stream of {@code turnId} (null: the feed) now; retryable. */
  static TurnStreamException notReady(String sessionId, String turnId, Throwable cause) {
    return new TurnStreamException(
        streamOf(sessionId, turnId) + " cannot be opened now: " + cause, cause, false);
  }

  private static String streamOf(String sessionId, String turnId) {
    return turnId == null
        ? "the feed of session " + sessionId
        : "the stream of turn " + turnId + " of session " + sessionId;
  }

  /** Whether the stream is gone for good (else retrying may succeed). */
  public boolean isExpired() {
    return expired;
  }
}
