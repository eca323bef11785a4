package dev.baton.coordinator.http;

import dev.baton.coordinator.topology.StoredSession;
import io.javalin.http.Context;

/** {@code GET /v1/sessions/{id}}: the session's status, active turn and queued turns. */
final class SessionEndpoint {

  private final SessionService sessions;

  SessionEndpoint(SessionService sessions) {
    this.sessions = sessions;
  }

  void get(Context ctx, String sessionId) {
    Json.respond(ctx, 200, Views.session(require(sessions, sessionId)));
  }

  /**
   * The session's stored state.
   *
   * @throws ProblemException {@code SESSION_NOT_FOUND} if the session has none
   */
  static StoredSession require(SessionService sessions, String sessionId) {
    return sessions
        .session(sessionId)
        .orElseThrow(
            () ->
                ProblemException.of(
                    ProblemCode.SESSION_NOT_FOUND,
                    "session " + sessionId + " has seen no command yet"));
  }
}
