package dev.baton.schemas;

import java.util.regex.Pattern;

/**
 * The rule for session ids: 1 to 128 characters from {@code [A-Za-z0-9._:-]}. Session ids are the
 * record key of every session-keyed topic, and they never contain the byte 0x00 that separates the
 * session id from the sequence number in a {@link HistoryKey}.
 *
 * <p>{@code SessionIds.requireValid(request.sessionId())}
 */
public final class SessionIds {

  /** The pattern every session id matches. */
  public static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  private SessionIds() {}

  /** Whether {@code sessionId} is a valid session id. */
  public static boolean isValid(String sessionId) {
    return sessionId != null && PATTERN.matcher(sessionId).matches();
  }

  /**
   * Returns {@code sessionId} if it is valid.
   *
   * @throws IllegalArgumentException naming the value and the rule, if it is not
   */
  public static String requireValid(String sessionId) {
    if (!isValid(sessionId)) {
      throw new IllegalArgumentException(
          "invalid session id " + quote(sessionId) + ": must match " + PATTERN.pattern());
    }
    return sessionId;
  }

  private static String quote(String value) {
    return value == null ? "null" : "'" + value + "'";
  }
}
