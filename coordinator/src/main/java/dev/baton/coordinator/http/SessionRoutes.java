package dev.baton.coordinator.http;

import dev.baton.coordinator.auth.Scope;
import dev.baton.coordinator.limits.StreamSlot;
import dev.baton.coordinator.limits.TurnSlot;
import dev.baton.coordinator.session.SessionLimits;
import dev.baton.coordinator.stream.TurnStreams;
import dev.baton.schemas.SessionKeys;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.function.Supplier;

/**
 * The {@code /v1/sessions} routes. Every route first checks that its caller has the route's scope
 * and validates the session id, which names a session of the caller's tenant; the request is then
 * served by the session's owner: here if this instance owns it, else forwarded to the owner, or 503
 * while no owner is known. The owner answers 404 for a session that has seen no command, as for one
 * of another tenant; cancel and kill wait for the turn's end. A submit is counted against its
 * tenant's limits by the owner; a stream against its tenant's streams on each instance that holds
 * it. A fork is served by the owner of the new session, not of the source.
 */
final class SessionRoutes {

  /** A handler of one session's resource, given the validated session id. */
  @FunctionalInterface
  interface SessionHandler {
    void handle(Context ctx, String sessionId) throws Exception;
  }

  private static final Scope READ = Scope.SESSIONS_READ;
  private static final Scope ADMIN = Scope.SESSIONS_ADMIN;

  private final SessionService sessions;
  private final Forwarder forwarder;
  private final TurnsEndpoint turns;
  private final SessionEndpoint session;
  private final HistoryEndpoint history;
  private final EventsEndpoint events;
  private final ControlEndpoint controls;
  private final TurnStreamEndpoint stream;
  private final TenantAdmission admission;
  private final TenantTurnsEndpoint tenantTurns;
  private final ForkEndpoint forks;
  private final ApprovalEndpoint approvals;

  SessionRoutes(
      SessionService sessions,
      TurnWaiters waiters,
      HttpOptions options,
      SessionLimits limits,
      TurnStreams streams,
      TenantAdmission admission,
      Supplier<String> self) {
    this.sessions = sessions;
    this.admission = admission;
    this.forwarder = new Forwarder(options, RequestBody.maxBytes(limits), self, sessions);
    this.tenantTurns = new TenantTurnsEndpoint(sessions, forwarder);
    this.turns = new TurnsEndpoint(sessions, waiters, options, limits);
    this.session = new SessionEndpoint(sessions);
    this.history = new HistoryEndpoint(sessions);
    this.events = new EventsEndpoint(sessions);
    this.controls = new ControlEndpoint(sessions, waiters, options);
    this.forks = new ForkEndpoint(sessions, waiters, options);
    this.approvals = new ApprovalEndpoint(sessions, waiters, options, RequestBody.maxBytes(limits));
    this.stream = streams == null ? null : new TurnStreamEndpoint(sessions, streams, options);
  }

  void register(Javalin app) {
    app.get("/v1/turns", tenantTurns::list);
    app.post("/v1/sessions/{id}/turns", submit());
    app.get("/v1/sessions/{id}/turns", owned(READ, controls::pending));
    app.get("/v1/sessions/{id}/turns/{turnId}", owned(READ, turns::get));
    app.delete("/v1/sessions/{id}/turns/{turnId}", owned(Scope.TURNS_WRITE, controls::cancel));
    app.post("/v1/sessions/{id}/turns/{turnId}/kill", owned(ADMIN, controls::kill));
    app.post(
        "/v1/sessions/{id}/turns/{turnId}/tool-calls/{callId}/approval",
        owned(Scope.TURNS_WRITE, approvals::decide));
    app.post("/v1/sessions/{id}/pause", owned(ADMIN, controls::pause));
    app.post("/v1/sessions/{id}/resume", owned(ADMIN, controls::resume));
    app.post("/v1/sessions/{id}/fork", this::fork);
    app.get("/v1/sessions/{id}", owned(READ, session::get));
    app.get("/v1/sessions/{id}/history", owned(READ, history::get));
    app.delete("/v1/sessions/{id}/history", owned(ADMIN, history::clear));
    app.get("/v1/sessions/{id}/events", owned(READ, events::get));
    if (stream != null) {
      app.get("/v1/sessions/{id}/turns/{turnId}/stream", ownedStream(READ, stream::stream));
      app.get("/v1/sessions/{id}/stream", ownedStream(READ, stream::feed));
    }
  }

  /**
   * A submit, taken from its tenant's submit rate, then counted against its running or queued
   * turns, answered with the turn's stream when it asks for it and streams are served (which also
   * takes one of the tenant's streams, first).
   */
  private Handler submit() {
    Handler plain =
        owned(
            Scope.TURNS_WRITE,
            (ctx, sessionId) -> {
              admission.admitSubmit(ctx);
              SubmitRequest request = turns.request(ctx);
              TurnSlot slot = admission.reserveTurn(ctx, sessionId, request);
              turns.submit(ctx, sessionId, request, slot);
            });
    if (stream == null) {
      return plain;
    }
    Handler streamed =
        ownedStream(
            Scope.TURNS_WRITE,
            (ctx, sessionId) -> {
              admission.admitSubmit(ctx);
              SubmitRequest request = turns.request(ctx);
              TurnSlot slot = admission.reserveTurn(ctx, sessionId, request);
              turns.submitAndStream(ctx, sessionId, request, slot, stream);
            });
    return ctx -> (TurnStreamEndpoint.wanted(ctx) ? streamed : plain).handle(ctx);
  }

  /**
   * A fork, which needs {@code turns:write} and the read of its source, and is served by the owner
   * of the fork (the new session, named in the body), which hears the fork's outcome.
   */
  private void fork(Context ctx) throws Exception {
    Caller.of(ctx).require(READ);
    String source = allowedSession(ctx, Scope.TURNS_WRITE);
    byte[] body = RequestBody.read(ctx, ForkEndpoint.MAX_BODY_BYTES);
    ForkRequest request = ForkRequest.parse(body, SessionKeys.sessionIdOf(source));
    String fork = ForkEndpoint.forkKey(source, request);
    switch (sessions.ownerOf(fork)) {
      case SessionOwner.Local local -> forks.fork(ctx, source, request);
      case SessionOwner.Remote remote -> {
        refuseSecondForward(ctx, fork, remote);
        forwarder.forward(ctx, remote, body);
      }
      case SessionOwner.Unknown unknown ->
          throw ProblemException.notReady(
              "no coordinator instance owns session " + fork + " now; retry shortly");
    }
  }

  /**
   * As {@link #owned}, relaying a remote owner's answer as it comes; the stream holds one of its
   * tenant's streams on this instance while it lasts.
   */
  private Handler ownedStream(Scope scope, SessionHandler handler) {
    return ctx -> {
      String sessionId = allowedSession(ctx, scope);
      try (StreamSlot slot = admission.openStream(ctx)) {
        if (sessions.ownerOf(sessionId) instanceof SessionOwner.Remote remote) {
          refuseSecondForward(ctx, sessionId, remote);
          forwarder.forwardStream(ctx, remote);
        } else {
          owned(scope, handler).handle(ctx);
        }
      }
    };
  }

  private Handler owned(Scope scope, SessionHandler handler) {
    return ctx -> {
      String sessionId = allowedSession(ctx, scope);
      switch (sessions.ownerOf(sessionId)) {
        case SessionOwner.Local local -> handler.handle(ctx, sessionId);
        case SessionOwner.Remote remote -> forward(ctx, sessionId, remote);
        case SessionOwner.Unknown unknown ->
            throw ProblemException.notReady(
                "no coordinator instance owns session "
                    + sessionId
                    + " now (starting or rebalancing); retry shortly");
      }
    };
  }

  private void forward(Context ctx, String sessionId, SessionOwner.Remote owner)
      throws InterruptedException {
    refuseSecondForward(ctx, sessionId, owner);
    forwarder.forward(ctx, owner);
  }

  private static void refuseSecondForward(
      Context ctx, String sessionId, SessionOwner.Remote owner) {
    if (Forwarder.wasForwarded(ctx)) {
      throw ProblemException.notReady(
          "session "
              + sessionId
              + " was forwarded here but is owned by "
              + owner.host()
              + ":"
              + owner.port()
              + "; ownership is moving, retry shortly");
    }
  }

  /**
   * The key of the request's session, in its caller's tenant, once the caller may do what {@code
   * scope} allows.
   */
  private static String allowedSession(Context ctx, Scope scope) {
    Caller caller = Caller.of(ctx);
    caller.require(scope);
    return SessionKeys.of(caller.tenant(), QueryParams.sessionId(ctx));
  }
}
