package dev.baton.coordinator.http;

import dev.baton.coordinator.auth.Scope;
import dev.baton.coordinator.auth.TokenGrant;
import dev.baton.coordinator.auth.TokenVerifier;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Tokens known in memory, standing for the tokens topic, which the integration tests use. */
final class KnownTokens implements TokenVerifier {
  private final Map<String, TokenGrant> grants = new ConcurrentHashMap<>();
  volatile boolean ready = true;

  void add(String token, String tenant, Set<Scope> scopes) {
    grants.put(token, new TokenGrant(token, tenant, scopes, "", Instant.EPOCH));
  }

  @Override
  public boolean ready() {
    return ready;
  }

  @Override
  public Optional<TokenGrant> verify(String token) {
    return Optional.ofNullable(token).map(grants::get);
  }
}
