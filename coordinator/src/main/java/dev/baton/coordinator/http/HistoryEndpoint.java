package dev.baton.coordinator.http;

import dev.baton.schemas.SessionKeys;
import dev.baton.schemas.avro.ClearHistory;
import dev.baton.schemas.avro.Command;
import dev.baton.schemas.avro.HistoryEntry;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/sessions/{id}/history?from=&limit=}: a page of history messages in seq order; and
 * {@code DELETE /v1/sessions/{id}/history}: writes a {@code ClearHistory} command (202).
 */
final class HistoryEndpoint {

  private final SessionService sessions;

  HistoryEndpoint(SessionService sessions) {
    this.sessions = sessions;
  }

  void get(Context ctx, String sessionId) {
    long from = QueryParams.from(ctx);
    int limit = QueryParams.limit(ctx);
    SessionEndpoint.require(sessions, sessionId);
    List<HistoryEntry> entries = sessions.history(sessionId, from, limit + 1);
    Json.respond(
        ctx,
        200,
        Views.page(sessionId, "messages", entries, limit, Views::message, HistoryEntry::getSeq));
  }

  void clear(Context ctx, String sessionId) {
    SessionEndpoint.require(sessions, sessionId);
    Command command = sessions.send(sessionId, new ClearHistory(null));
    Json.respond(
        ctx,
        202,
        Map.of(
            "sessionId",
            SessionKeys.sessionIdOf(sessionId),
            "commandId",
            command.getCommandId().toString()));
  }
}
