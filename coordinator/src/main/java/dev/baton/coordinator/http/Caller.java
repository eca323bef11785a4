package dev.baton.coordinator.http;

import io.javalin.http.Context;
import java.util.Objects;

/**
 * Who made a request: the tenant whose sessions it may touch. The authentication filter sets it on
 * the request before a route runs; a request it did not mark (authentication switched off) is the
 * default tenant's.
 *
 * <p>{@code String tenant = Caller.of(ctx).tenant();}
 *
 * @param tenant the tenant id
 */
record Caller(String tenant) {

  /** The tenant of requests when authentication is switched off. */
  static final String DEFAULT_TENANT = "default";

  private static final String ATTRIBUTE = "baton.caller";

  private static final Caller DEFAULT = new Caller(DEFAULT_TENANT);

  Caller {
    Objects.requireNonNull(tenant, "tenant");
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
}
