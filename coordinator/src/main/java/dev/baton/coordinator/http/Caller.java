package dev.baton.coordinator.http;

import dev.baton.coordinator.auth.Scope;
import dev.baton.schemas.TenantIds;
import io.javalin.http.Context;
import java.util.EnumSet;
import java.util.Set;

/**
 * Who made a request: the tenant whose sessions it may touch, and what it may do there. The
 * authentication filter sets it on the request before a route runs; a request it did not mark
 * (authentication switched off) is the default tenant's, with every scope.
 *
 * <p>{@code String tenant = Caller.of(ctx).tenant();}
 *
 * @param tenant the tenant id
 * @param scopes what the caller may do
 * @param identity who the caller is, for the audit log: its token's id, or {@value #ANONYMOUS}
 */
record Caller(String tenant, Set<Scope> scopes, String identity) {

  /** The identity of a request made while authentication is switched off. */
  static final String ANONYMOUS = "anonymous";

  /** The tenant of requests when authentication is switched off. */
  static final String DEFAULT_TENANT = TenantIds.DEFAULT;

  private static final String ATTRIBUTE = "baton.caller";

  private static final Caller DEFAULT = new Caller(DEFAULT_TENANT);

  Caller {
    TenantIds.requireValid(tenant);
    scopes = Set.copyOf(scopes);
    java.util.Objects.requireNonNull(identity, "identity");
  }

  /** An anonymous caller of {@code tenant} with {@code scopes}. */
  Caller(String tenant, Set<Scope> scopes) {
    this(tenant, scopes, ANONYMOUS);
  }

  /** An anonymous caller of {@code tenant} with every scope. */
  Caller(String tenant) {
    this(tenant, EnumSet.allOf(Scope.class));
  }

  /** The caller of {@code ctx}, or the default tenant's if the request was not authenticated. */
  static Caller of(Context ctx) {
    Caller caller = ctx.attribute(ATTRIBUTE);
    return caller == null ? DEFAULT : caller;
  }

  /** Marks {@code ctx} as made by this caller. */
  void mark(Context ctx) {
    ctx.attribute(ATTRIBUTE, this);
  }

  /** Whether the caller may do what {@code scope} allows. */
  boolean allows(Scope scope) {
    return scopes.contains(scope) || scopes.contains(Scope.FLEET_ADMIN);
  }

  /**
   * Ends the request with a 403 unless the caller may do what {@code scope} allows.
   *
   * @throws ProblemException {@code FORBIDDEN}, naming the scope
   */
  void require(Scope scope) {
    if (!allows(scope)) {
      throw ProblemException.of(
          ProblemCode.FORBIDDEN,
          "this token lacks the scope " + scope.label() + " for this request");
    }
  }
}
