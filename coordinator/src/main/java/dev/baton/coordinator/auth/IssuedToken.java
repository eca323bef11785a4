package dev.baton.coordinator.auth;

import java.util.Objects;

/**
 * A token as it is created: the whole token, which is shown once and never stored, and its grant.
 *
 * @param token the bearer token, {@code baton_<id>_<secret>}
 * @param grant what it grants
 */
public record IssuedToken(String token, TokenGrant grant) {

  /** Null checks. */
  public IssuedToken {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(grant, "grant");
  }

  /** The grant only: the token's secret stays out of logs. */
  @Override
  public String toString() {
    return "IssuedToken[grant=" + grant + "]";
  }
}
