package dev.baton.coordinator.session;

/**
 * Why a fork was refused; stable codes that the HTTP API maps to its problem codes. The source's
 * model refuses a fork it cannot give ({@link #SOURCE_NOT_FOUND}, {@link #SEQ_OUT_OF_RANGE}, {@link
 * #SAME_SESSION}, {@link #HISTORY_TOO_LARGE}); the fork's model refuses a seed it cannot take
 * ({@link #FORK_EXISTS}).
 */
public enum ForkRefusal {
  /** The source session has not begun (or expired): there is nothing to fork. */
  SOURCE_NOT_FOUND,
  /**
   * The seq is not in the source's settled history: below its oldest retained message, past its
   * last message, or among the messages of its running turn.
   */
  SEQ_OUT_OF_RANGE,
  /** The fork would be the source itself. */
  SAME_SESSION,
  /** The history up to the seq does not fit one record of the broker's limit. */
  HISTORY_TOO_LARGE,
  /** The fork's session id names a session that has begun or has history. */
  FORK_EXISTS,
  /** Any other reason, such as a malformed seed. */
  OTHER
}
