package dev.baton.coordinator.http;

import dev.baton.coordinator.metrics.CoordinatorMeters;
import dev.baton.coordinator.session.SessionLimits;

/**
 * The HTTP API on a free port over {@link InMemorySessions}, for the endpoint tests: the sessions
 * it decides with, the requests waiting for them, the API and a client of it.
 */
record InMemoryApi(InMemorySessions sessions, TurnWaiters waiters, HttpApi api, ApiClient client)
    implements AutoCloseable {

  /** Starts an API whose sessions keep {@code limits}. */
  static InMemoryApi start(SessionLimits limits, HttpOptions options) {
    return start(limits, options, null);
  }

  /**
   * Starts an API whose sessions keep {@code limits}, serving {@code meters} (if not null) at
   * {@code /metrics} and telling them the sessions' decisions.
   */
  static InMemoryApi start(SessionLimits limits, HttpOptions options, CoordinatorMeters meters) {
    TurnWaiters waiters = new TurnWaiters();
    InMemorySessions sessions =
        new InMemorySessions(
            limits, meters == null ? waiters : waiters.andThen(meters.decisions()));
    HttpApi api =
        HttpApi.start(
            "127.0.0.1", 0, HealthChecks.none(), sessions, waiters, options, limits, null, meters);
    return new InMemoryApi(sessions, waiters, api, new ApiClient(api.port()));
  }

  @Override
  public void close() {
    api.close();
  }
}
