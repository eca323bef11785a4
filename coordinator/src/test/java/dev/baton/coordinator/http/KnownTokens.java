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

  /** A token of tenant {@code acme} that may submit and read. */
  static final String ACME = "acme-token";

  /** A token of tenant {@code globex} that may submit and read. */
  static final String GLOBEX = "globex-token";

  /** A token of tenant {@code globex} that may administer its sessions only. */
  static final String GLOBEX_ADMIN = "globex-admin";

  /** A token of tenant {@code acme} that may only read. */
  static final String ACME_READER = "acme-reader";

  /** The operator's token: every scope, for every tenant. */
  static final String OPERATOR = "operator-token";

  private final Map<String, TokenGrant> grants = new ConcurrentHashMap<>();
  volatile boolean ready = true;

  /** The tokens above. */
  static KnownTokens ofTenants() {
    KnownTokens tokens = new KnownTokens();
    tokens.add(ACME, "acme", Set.of(Scope.TURNS_WRITE, Scope.SESSIONS_READ));
    tokens.add(GLOBEX, "globex", Set.of(Scope.TURNS_WRITE, Scope.SESSIONS_READ));
    tokens.add(GLOBEX_ADMIN, "globex", Set.of(Scope.SESSIONS_ADMIN));
    tokens.add(ACME_READER, "acme", Set.of(Scope.SESSIONS_READ));
    tokens.add(OPERATOR, "ops", Set.of(Scope.FLEET_ADMIN));
    return tokens;
  }

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
