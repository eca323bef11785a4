package dev.baton.schemas;

/**
 * The key of a session on every session-keyed topic, in the coordinator's stores and in the turn
 * lock's Redis keys: the session id a client names, prefixed with its tenant and a {@code /}. The
 * default tenant's sessions are keyed by their id alone, so a fleet without tenants keeps plain
 * keys. Neither a tenant id nor a session id contains {@code /}, so a key names one tenant and one
 * session, and two tenants' sessions of the same id never share a key.
 *
 * <pre>{@code
 * String key = SessionKeys.of("acme", "chat-42");   // "acme/chat-42"
 * SessionKeys.of(TenantIds.DEFAULT, "chat-42");     // "chat-42"
 * SessionKeys.sessionIdOf(key);                     // "chat-42"
 * }</pre>
 */
public final class SessionKeys {

  /** The character between the tenant and the session id. */
  public static final char SEPARATOR = '/';

  /** The longest key: a tenant id, the separator and a session id. */
  public static final int MAX_LENGTH = 63 + 1 + SessionIds.MAX_LENGTH;

  private SessionKeys() {}

  /**
   * The key of session {@code sessionId} of {@code tenant}.
   *
   * @throws IllegalArgumentException if either id is invalid
   */
  public static String of(String tenant, String sessionId) {
    TenantIds.requireValid(tenant);
    SessionIds.requireValid(sessionId);
    return TenantIds.DEFAULT.equals(tenant) ? sessionId : tenant + SEPARATOR + sessionId;
  }

  /** Whether {@code key} is a session key: a valid session id, after a valid tenant and a '/'. */
  public static boolean isValid(String key) {
    if (key == null) {
      return false;
    }
    int slash = key.indexOf(SEPARATOR);
    if (slash < 0) {
      return SessionIds.isValid(key);
    }
    String tenant = key.substring(0, slash);
    return !TenantIds.DEFAULT.equals(tenant)
        && TenantIds.isValid(tenant)
        && SessionIds.isValid(key.substring(slash + 1));
  }

  /**
   * Returns {@code key} if it is a session key.
   *
   * @throws IllegalArgumentException naming the value and the rule, if it is not
   */
  public static String requireValid(String key) {
    if (!isValid(key)) {
      throw new IllegalArgumentException(
          "invalid session key "
              + (key == null ? "null" : "'" + key + "'")
              + ": must be a session id ("
              + SessionIds.PATTERN.pattern()
              + "), after a tenant id ("
              + TenantIds.PATTERN.pattern()
              + ") and '/' unless the tenant is the default");
    }
    return key;
  }

  /** The tenant of the session keyed {@code key}. */
  public static String tenantOf(String key) {
    int slash = key.indexOf(SEPARATOR);
    return slash < 0 ? TenantIds.DEFAULT : key.substring(0, slash);
  }

  /** The session id, as its tenant names it, of the session keyed {@code key}. */
  public static String sessionIdOf(String key) {
    return key.substring(key.indexOf(SEPARATOR) + 1);
  }
}
