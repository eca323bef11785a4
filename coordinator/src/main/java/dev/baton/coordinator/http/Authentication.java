package dev.baton.coordinator.http;

import dev.baton.coordinator.auth.Scope;
import dev.baton.coordinator.auth.TokenGrant;
import dev.baton.coordinator.auth.TokenVerifier;
import dev.baton.schemas.TenantIds;
import io.javalin.http.Context;

/**
 * Finds the {@link Caller} of a session request from its bearer token, before any route runs: a
 * missing, malformed, unknown or revoked token is a 401 with {@code WWW-Authenticate}. A token of
 * the fleet's admin may name another tenant with the {@code Baton-Tenant} header; any other token
 * that names a tenant not its own is a 403.
 */
final class Authentication {

  /** The header with which the fleet's admin names the tenant it acts for. */
  static final String TENANT_HEADER = "Baton-Tenant";

  private static final String BEARER = "Bearer ";
  private static final String CHALLENGE = "Bearer realm=\"baton\"";

  private final TokenVerifier verifier;

  Authentication(TokenVerifier verifier) {
    this.verifier = verifier;
  }

  /** Marks {@code ctx} with its caller, or ends it with a problem. */
  void authenticate(Context ctx) {
    if (!verifier.ready()) {
      throw ProblemException.notReady("this instance is still loading the API tokens");
    }
    TokenGrant grant = verifier.verify(bearer(ctx)).orElseThrow(() -> unauthenticated(ctx));
    new Caller(tenantOf(ctx, grant), grant.scopes(), grant.tokenId()).mark(ctx);
  }

  private static String bearer(Context ctx) {
    String header = ctx.header("Authorization");
    if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return null;
    }
    return header.substring(BEARER.length()).trim();
  }

  private static ProblemException unauthenticated(Context ctx) {
    ctx.header("WWW-Authenticate", CHALLENGE);
    String detail =
        bearer(ctx) == null
            ? "this request needs an API token: Authorization: Bearer <token>"
            : "the API token is not valid: unknown, revoked or mistyped";
    return ProblemException.of(ProblemCode.UNAUTHENTICATED, detail);
  }

  private static String tenantOf(Context ctx, TokenGrant grant) {
    String named = ctx.header(TENANT_HEADER);
    if (named == null || named.equals(grant.tenant())) {
      return grant.tenant();
    }
    if (!grant.allows(Scope.FLEET_ADMIN)) {
      throw ProblemException.of(
          ProblemCode.FORBIDDEN,
          "only a token with the scope "
              + Scope.FLEET_ADMIN.label()
              + " may act for another tenant ("
              + TENANT_HEADER
              + ")");
    }
    if (!TenantIds.isValid(named)) {
      throw ProblemException.field(
          ProblemCode.INVALID_PARAMETER,
          TENANT_HEADER,
          "a tenant id must match " + TenantIds.PATTERN.pattern());
    }
    return named;
  }
}
