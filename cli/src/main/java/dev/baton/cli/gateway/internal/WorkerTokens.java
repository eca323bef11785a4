package dev.baton.cli.gateway.internal;

import dev.baton.coordinator.auth.Scope;
import dev.baton.coordinator.auth.TokenGrant;
import dev.baton.coordinator.auth.TokenVerifier;
import io.javalin.http.Context;

/**
 * Remote workers' API tokens at the gateway: a token the tokens topic knows, with the {@code
 * worker} scope; a missing or unknown one is a 401, one without the scope a 403.
 */
final class WorkerTokens {

  private static final String BEARER = "Bearer ";

  private WorkerTokens() {}

  /** Ends {@code ctx} with a problem unless it carries a worker's token. */
  static void authenticate(Context ctx, TokenVerifier verifier) {
    if (!verifier.ready()) {
      throw GatewayProblem.of(
          GatewayProblem.Code.NOT_READY, "the gateway is still loading the API tokens");
    }
    String header = ctx.header("Authorization");
    String token =
        header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())
            ? header.substring(BEARER.length()).trim()
            : null;
    TokenGrant grant =
        verifier
            .verify(token)
            .orElseThrow(
                () ->
                    GatewayProblem.of(
                        GatewayProblem.Code.UNAUTHORIZED,
                        "send an API token with the worker scope as Authorization: Bearer"
                            + " <token> (baton token create --scopes worker)"));
    if (!grant.allows(Scope.WORKER)) {
      throw GatewayProblem.of(
          GatewayProblem.Code.FORBIDDEN, "this API token lacks the scope " + Scope.WORKER.label());
    }
  }
}
