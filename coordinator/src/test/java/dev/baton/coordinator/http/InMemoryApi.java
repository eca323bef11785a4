package dev.baton.coordinator.http;

import dev.baton.coordinator.limits.TenantLimiter;
import dev.baton.coordinator.session.SessionLimits;
import dev.baton.coordinator.telemetry.Telemetry;

/**
 * The HTTP API on a free port over {@link InMemorySessions}, for the endpoint tests: the sessions
 * it decides with, the requests waiting for them, the API and a client of it.
 */
record InMemoryApi(InMemorySessions sessions, TurnWaiters waiters, HttpApi api, ApiClient client)
    implements AutoCloseable {

  /** Starts an API whose sessions keep {@code limits}. */
  static InMemoryApi start(SessionLimits limits, HttpOptions options) {
    return start(limits, options, Telemetry.none());
  }

  /**
   * Starts an API whose sessions keep {@code limits}, serving the meters of {@code telemetry} (if
   * any) at {@code /metrics} and telling them the sessions' decisions, and tracing to it.
   */
  static InMemoryApi start(SessionLimits limits, HttpOptions options, Telemetry telemetry) {
    return start(limits, options, telemetry, ApiAccess.open(), TenantLimiter.unlimited());
  }

  /** Starts an API with the default limits and options that knows {@code tokens}. */
  static InMemoryApi withTokens(KnownTokens tokens) {
    return start(
        SessionLimits.defaults(),
        HttpOptions.defaults(),
        Telemetry.none(),
        ApiAccess.tokens(tokens));
  }

  /**
   * Starts an API as {@link #start(SessionLimits, HttpOptions, Telemetry)}, open to {@code access}.
   */
  static InMemoryApi start(
      SessionLimits limits, HttpOptions options, Telemetry telemetry, ApiAccess access) {
    return start(limits, options, telemetry, access, TenantLimiter.unlimited());
  }

  /** Starts an API as above whose submits and streams are limited by {@code tenants}. */
  static InMemoryApi start(
      SessionLimits limits, HttpOptions options, Telemetry telemetry, TenantLimiter tenants) {
    return start(limits, options, telemetry, ApiAccess.open(), tenants);
  }

  /**
   * Starts an API open to {@code access}, whose submits and streams are limited by {@code tenants}.
   */
  static InMemoryApi start(
      SessionLimits limits,
      HttpOptions options,
      Telemetry telemetry,
      ApiAccess access,
      TenantLimiter tenants) {
    TurnWaiters waiters = new TurnWaiters();
    InMemorySessions sessions =
        new InMemorySessions(
            limits,
            tenants
                .decisions()
                .andThen(
                    telemetry.meters().map(m -> waiters.andThen(m.decisions())).orElse(waiters)));
    HttpApi api =
        HttpApi.start(
            "127.0.0.1",
            0,
            HealthChecks.none(),
            sessions,
            waiters,
            options,
            limits,
            null,
            telemetry,
            access,
            tenants);
    return new InMemoryApi(sessions, waiters, api, new ApiClient(api.port()));
  }

  @Override
  public void close() {
    api.close();
  }
}
