package dev.baton.coordinator.http;

import dev.baton.coordinator.session.SessionEvent;
import dev.baton.coordinator.session.SessionState;
import dev.baton.coordinator.session.TurnStatus;
import dev.baton.schemas.SessionKeys;
import dev.baton.schemas.avro.CancelTurn;
import dev.baton.schemas.avro.Command;
import dev.baton.schemas.avro.KillTurn;
import dev.baton.schemas.avro.PauseSession;
import dev.baton.schemas.avro.ResumeSession;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Operator and client controls: cancel or kill a turn, pause or resume a session, list its pending
 * turns. Each control is a command on the commands topic, so the session's owner decides it and
 * records it as an event; cancel and kill wait for the turn's end, which comes with that decision.
 */
final class ControlEndpoint {

  private final SessionService sessions;
  private final TurnWaiters waiters;
  private final HttpOptions options;

  ControlEndpoint(SessionService sessions, TurnWaiters waiters, HttpOptions options) {
    this.sessions = sessions;
    this.waiters = waiters;
    this.options = options;
  }

  /** {@code DELETE /v1/sessions/{id}/turns/{turnId}}: cancel an active or queued turn. */
  void cancel(Context ctx, String sessionId) throws InterruptedException {
    end(ctx, sessionId, turnId -> new CancelTurn(turnId, reason(ctx)));
  }

  /** {@code POST /v1/sessions/{id}/turns/{turnId}/kill}: an operator ends the turn at once. */
  void kill(Context ctx, String sessionId) throws InterruptedException {
    end(ctx, sessionId, turnId -> new KillTurn(turnId, reason(ctx)));
  }

  /** {@code POST /v1/sessions/{id}/pause}: 404 for a session that has seen no command. */
  void pause(Context ctx, String sessionId) {
    SessionEndpoint.require(sessions, sessionId);
    accepted(ctx, sessionId, sessions.send(sessionId, new PauseSession(reason(ctx))));
  }

  /** {@code POST /v1/sessions/{id}/resume}: 404 for a session that has seen no command. */
  void resume(Context ctx, String sessionId) {
    SessionEndpoint.require(sessions, sessionId);
    accepted(ctx, sessionId, sessions.send(sessionId, new ResumeSession(reason(ctx))));
  }

  /** {@code GET /v1/sessions/{id}/turns}: the active turn and the queue, oldest first. */
  void pending(Context ctx, String sessionId) {
    SessionState state = SessionEndpoint.require(sessions, sessionId).state();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("sessionId", SessionKeys.sessionIdOf(sessionId));
    json.put("paused", state.paused());
    json.put("activeTurn", state.activeTurn().map(Views::activeTurn).orElse(null));
    json.put("queuedTurns", Views.queue(state.queue()));
    Json.respond(ctx, 200, json);
  }

  private void end(Context ctx, String sessionId, Function<String, Object> body)
      throws InterruptedException {
    String turnId = ctx.pathParam("turnId");
    Duration wait = QueryParams.waitParam(ctx, options.maxWait());
    TurnStatus status = TurnsEndpoint.statusOf(sessions, sessionId, turnId);
    if (status.isTerminal()) {
      throw ProblemException.of(
          ProblemCode.TURN_ENDED,
          "turn " + turnId + " of " + sessionId + " already ended " + status);
    }
    TurnResult result;
    try (TurnWaiter waiter = waiters.register(sessionId, turnId)) {
      sessions.send(sessionId, body.apply(turnId));
      Duration atLeastTheDecision =
          wait.compareTo(options.decisionTimeout()) > 0 ? wait : options.decisionTimeout();
      Optional<SessionEvent.TurnEnded> end = waiter.awaitEnd(atLeastTheDecision);
      result = end.isPresent() ? TurnResult.of(end.get()) : TurnResult.of(turnId, status);
    }
    Json.respond(ctx, result.ended() ? 200 : 202, Views.turn(sessionId, result));
  }

  private static void accepted(Context ctx, String sessionId, Command command) {
    Json.respond(
        ctx,
        202,
        Map.of(
            "sessionId", SessionKeys.sessionIdOf(sessionId), "commandId", command.getCommandId()));
  }

  /** The optional {@code reason} query parameter, for the audit log. */
  private static String reason(Context ctx) {
    String reason = ctx.queryParam("reason");
    return reason == null || reason.isBlank() ? null : reason;
  }
}
