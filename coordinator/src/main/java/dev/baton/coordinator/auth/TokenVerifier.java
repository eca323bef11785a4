package dev.baton.coordinator.auth;

import java.util.Optional;

/**
 * Checks bearer tokens against the grants it knows.
 *
 * <p>{@code verifier.verify(bearer).filter(grant -> grant.allows(Scope.SESSIONS_READ))}
 */
public interface TokenVerifier {

  /** Whether the verifier knows every grant that existed when it started. */
  boolean ready();

  /** The grant of {@code token}, or empty if it is malformed, unknown, revoked or wrong. */
  Optional<TokenGrant> verify(String token);
}
