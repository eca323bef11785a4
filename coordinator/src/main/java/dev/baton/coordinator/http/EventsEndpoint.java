package dev.baton.coordinator.http;

import dev.baton.schemas.avro.SessionEvent;
import io.javalin.http.Context;
import java.util.List;

/**
 * {@code GET /v1/sessions/{id}/events?from=&limit=}: a page of the session's audit events in
 * eventSeq order, from the owner's events store (the latest events of each session; the
 * session-events topic has them all).
 */
final class EventsEndpoint {

  private final SessionService sessions;

  EventsEndpoint(SessionService sessions) {
    this.sessions = sessions;
  }

  void get(Context ctx, String sessionId) {
    long from = QueryParams.from(ctx);
    int limit = QueryParams.limit(ctx);
    SessionEndpoint.require(sessions, sessionId);
    List<SessionEvent> events = sessions.events(sessionId, from, limit + 1);
    Json.respond(
        ctx,
        200,
        Views.page(sessionId, "events", events, limit, Views::event, SessionEvent::getEventSeq));
  }
}
