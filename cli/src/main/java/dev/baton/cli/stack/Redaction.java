package dev.baton.cli.stack;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Addresses as they may be shown: the password of a URI's user information ({@code
 * redis://user:password@host}, {@code rediss://:password@host}, {@code redis://password@host},
 * {@code http://user:password@host}) replaced by {@value #MASK}, so that no banner, log line or
 * error message carries a secret.
 *
 * <pre>{@code
 * Redaction.uri("redis://default:s3cret@redis:6379") // redis://default:***@redis:6379
 * }</pre>
 */
public final class Redaction {

  /** What a password is shown as. */
  public static final String MASK = "***";

  /**
   * A scheme, then user information up to the last {@code @} of the authority (a password may hold
   * a raw {@code @}, which lenient clients accept).
   */
  private static final Pattern USER_INFO =
      Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://)([^/\\s]*)@");

  private Redaction() {}

  /**
   * {@code address} with the password of every URI's user information masked: after a user name
   * ({@code user:***}), or the whole of it when it has no {@code :}, which a Redis URI reads as a
   * password ({@code redis://***@host}). Text that holds no URI is returned as it is.
   */
  public static String uri(String address) {
    if (address == null) {
      return null;
    }
    Matcher matcher = USER_INFO.matcher(address);
    StringBuilder shown = new StringBuilder();
    while (matcher.find()) {
      String userInfo = matcher.group(2);
      int colon = userInfo.indexOf(':');
      String masked = colon < 0 ? MASK : userInfo.substring(0, colon + 1) + MASK;
      matcher.appendReplacement(shown, Matcher.quoteReplacement(matcher.group(1) + masked + "@"));
    }
    matcher.appendTail(shown);
    return shown.toString();
  }
}
