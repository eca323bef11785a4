package dev.baton.schemas;

import java.util.regex.Pattern;

/**
 * The rule for tenant ids: 1 to 63 characters from {@code [a-z0-9-]}, starting with a letter or a
 * digit. A tenant id is part of the key of every session of the tenant ({@link SessionKeys}), so it
 * never contains the {@code /} that separates it from the session id.
 *
 * <p>{@code TenantIds.requireValid(grant.tenant())}
 */
public final class TenantIds {

  /** The tenant of every session when authentication is off, and of sessions keyed by id alone. */
  public static final String DEFAULT = "default";

  /** The pattern every tenant id matches. */
  public static final Pattern PATTERN = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

  private TenantIds() {}

  /** Whether {@code tenant} is a valid tenant id. */
  public static boolean isValid(String tenant) {
    return tenant != null && PATTERN.matcher(tenant).matches();
  }

  /**
   * Returns {@code tenant} if it is valid.
   *
   * @throws IllegalArgumentException naming the value and the rule, if it is not
   */
  public static String requireValid(String tenant) {
    if (!isValid(tenant)) {
      throw new IllegalArgumentException(
          "invalid tenant id "
              + (tenant == null ? "null" : "'" + tenant + "'")
              + ": must match "
              + PATTERN.pattern());
    }
    return tenant;
  }
}
