package dev.baton.coordinator.http;

import dev.baton.coordinator.session.SessionLimits;

/**
 * The HTTP API on a free port over {@link InMemorySessions}, for the endpoint tests: the sessions
 * it decides with, the requests waiting for them, the API and a client of it.
 */
record InMemoryApi(InMemorySessions sessions, TurnWaiters waiters, HttpApi api, ApiClient client)
    implements AutoCloseable {

  /** Starts an API whose sessions keep {@code limits}. */
  static InMemoryApi start(SessionLimits limits, HttpOptions options) {
    TurnWaiters waiters = new TurnWaiters();
    InMemorySessions sessions = new InMemorySessions(limits, waiters);
    HttpApi api =
        HttpApi.start("127.0.0.1", 0, HealthChecks.none(), sessions, waiters, options, limits);
    return new InMemoryApi(sessions, waiters, api, new ApiClient(api.port()));
  }

  @Override
  public void close() {
    api.close();
  }
}
