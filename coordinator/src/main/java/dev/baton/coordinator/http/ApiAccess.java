package dev.baton.coordinator.http;

import dev.baton.coordinator.auth.TokenVerifier;
import java.util.Objects;
import java.util.Optional;

/**
 * Who may use the session endpoints: holders of API tokens ({@code Authorization: Bearer ...}),
 * each confined to its tenant and scopes; or, when authentication is switched off, anyone who
 * reaches the port, as the default tenant. The health, metrics and timeline pages need no token.
 *
 * <p>{@code ApiAccess.tokens(directory)} or {@code ApiAccess.open()}
 */
public final class ApiAccess {

  private static final ApiAccess OPEN = new ApiAccess(null);

  private final TokenVerifier verifier;

  private ApiAccess(TokenVerifier verifier) {
    this.verifier = verifier;
  }

  /** Requests need a token that {@code verifier} knows. */
  public static ApiAccess tokens(TokenVerifier verifier) {
    return new ApiAccess(Objects.requireNonNull(verifier, "verifier"));
  }

  /** Authentication switched off: every request is the default tenant's, with every scope. */
  public static ApiAccess open() {
    return OPEN;
  }

  /** The verifier of tokens; empty when authentication is off. */
  Optional<TokenVerifier> verifier() {
    return Optional.ofNullable(verifier);
  }

  /** {@code tokens} or {@code off}, as {@code /health} reports it. */
  public String mode() {
    return verifier == null ? "off" : "tokens";
  }
}
