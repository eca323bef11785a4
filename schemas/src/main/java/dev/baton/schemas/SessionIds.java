package dev.baton.schemas;

import java.util.regex.Pattern;

/**
 * The rule for session ids: 1 to 128 characters from {@code [A-Za-z0-9._:-]}. A session id, with
 * its tenant, makes the record key of every session-keyed topic ({@link SessionKeys}); it never
 * contains the {@code /} that separates the tenant from it, nor the byte 0x00 that separates the
 * key from the sequence number in a {@link HistoryKey}.
 *
 * <p>{@code SessionIds.requireValid(request.sessionId())}
 */
public final class SessionIds {

  /** The pattern every session id matches. */
  public static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  private SessionIds() {}

  /** The longest session id. */
  public static final int MAX_LENGTH = 128;

  /**
   * Whether {@code sessionId} is a valid session id. A character loop, not {@link #PATTERN}: it
   * runs for every history key, on the coordinator's hot path and in replay.
   */
  public static boolean isValid(String sessionId) {
    if (sessionId == null || sessionId.isEmpty() || sessionId.length() > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < sessionId.length(); i++) {
      if (!isAllowed(sessionId.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isAllowed(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '.'
        || c == '_'
        || c == ':'
        || c == '-';
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
