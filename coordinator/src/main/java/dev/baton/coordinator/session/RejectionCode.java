package dev.baton.coordinator.session;

/**
 * Why a submitted turn was rejected; stable codes that the HTTP API returns as the problem {@code
 * code}.
 *
 * <p>A rejected turn is not remembered under its turn id, so a client may submit the same turn id
 * again later (for example once the session is no longer busy).
 */
public enum RejectionCode {
  /** A turn is active and the submit asked for {@link OnBusy#REJECT}. */
  SESSION_BUSY,
  /** The submit asked for {@link OnBusy#ENQUEUE} but the session's queue is full. */
  QUEUE_FULL,
  /** The input is empty or only white space. */
  EMPTY_INPUT,
  /** The input is larger than {@link SessionLimits#maxInputBytes()}. */
  INPUT_TOO_LARGE,
  /** The turn id is blank or longer than {@link SessionLimits#MAX_TURN_ID_CHARS}. */
  INVALID_TURN_ID,
  /** The session is paused and the submit did not ask for {@link OnBusy#ENQUEUE}. */
  SESSION_PAUSED,
  /**
   * The turn id is the id of a turn the session knows (active, queued, or finished within {@link
   * SessionLimits#turnIdWindow()}) that was submitted with another input. The same input again is a
   * repeat, answered with the turn's status.
   */
  TURN_ID_REUSED,
  /**
   * The metadata has an empty key, or its keys and values together are larger than {@link
   * SessionLimits#MAX_METADATA_BYTES}.
   */
  INVALID_METADATA
}
