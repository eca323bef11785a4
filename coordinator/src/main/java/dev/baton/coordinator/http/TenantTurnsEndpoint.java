package dev.baton.coordinator.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.coordinator.auth.Scope;
import dev.baton.coordinator.session.QueuedTurn;
import dev.baton.coordinator.session.SessionState;
import dev.baton.coordinator.topology.StoredSession;
import dev.baton.schemas.SessionKeys;
import io.javalin.http.Context;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /v1/turns?status=running|queued}: the caller's tenant's turns in that state, over
 * every session (the "active jobs" of a user). Each instance scans the sessions of its own
 * partitions; the instance asked adds those of every other instance, which it asks as a forwarded
 * request, so an instance that cannot answer makes the list a 503 rather than a silently short one.
 */
final class TenantTurnsEndpoint {

  private final SessionService sessions;
  private final Forwarder forwarder;

  TenantTurnsEndpoint(SessionService sessions, Forwarder forwarder) {
    this.sessions = sessions;
    this.forwarder = forwarder;
  }

  void list(Context ctx) throws InterruptedException {
    Caller caller = Caller.of(ctx);
    caller.require(Scope.SESSIONS_READ);
    boolean running = status(ctx);
    List<Map<String, Object>> turns = new ArrayList<>(local(caller.tenant(), running));
    if (!Forwarder.wasForwarded(ctx)) {
      for (SessionOwner.Remote other : sessions.otherInstances()) {
        turns.addAll(remote(ctx, other));
      }
    }
    turns.sort(Comparator.comparing(turn -> String.valueOf(turn.get("sessionId"))));
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("status", running ? "RUNNING" : "QUEUED");
    json.put("turns", turns);
    Json.respond(ctx, 200, json);
  }

  private static boolean status(Context ctx) {
    String status = ctx.queryParamAsClass("status", String.class).getOrDefault("running");
    return switch (status.toLowerCase(Locale.ROOT)) {
      case "running" -> true;
      case "queued" -> false;
      default ->
          throw ProblemException.field(
              ProblemCode.INVALID_PARAMETER,
              "status",
              "status must be running or queued, got " + status);
    };
  }

  private List<Map<String, Object>> local(String tenant, boolean running) {
    List<Map<String, Object>> turns = new ArrayList<>();
    for (StoredSession stored : sessions.localSessions(tenant)) {
      SessionState state = stored.state();
      String sessionId = SessionKeys.sessionIdOf(state.sessionId());
      if (running) {
        state.activeTurn().map(Views::activeTurn).ifPresent(turn -> turns.add(of(sessionId, turn)));
      } else {
        List<QueuedTurn> queue = state.queue();
        Views.queue(queue).forEach(turn -> turns.add(of(sessionId, turn)));
      }
    }
    return turns;
  }

  private static Map<String, Object> of(String sessionId, Map<String, Object> turn) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("sessionId", sessionId);
    json.putAll(turn);
    return json;
  }

  private List<Map<String, Object>> remote(Context ctx, SessionOwner.Remote other)
      throws InterruptedException {
    HttpResponse<byte[]> answer = forwarder.ask(ctx, other);
    if (answer.statusCode() != 200) {
      throw ProblemException.notReady(
          "instance "
              + other.host()
              + ":"
              + other.port()
              + " could not list its turns (HTTP "
              + answer.statusCode()
              + "); retry shortly");
    }
    List<Map<String, Object>> turns = new ArrayList<>();
    for (JsonNode turn : Json.read(answer.body()).path("turns")) {
      turns.add(Json.toMap(turn));
    }
    return turns;
  }
}
