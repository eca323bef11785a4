package dev.baton.coordinator.http;

import dev.baton.coordinator.limits.StreamSlot;
import dev.baton.coordinator.session.SessionLimits;
import dev.baton.coordinator.stream.TurnStreams;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The {@code /v1/sessions} routes. Every route first validates the session id; a read or a submit
 * is then served by the session's owner: here if this instance owns it, else forwarded to the
 * owner, or 503 while no owner is known. Clearing history, pausing and resuming only write a
 * command, which any instance can do; cancel and kill are served by the owner, which waits for the
 * turn's end. A submit and a stream are first counted against their tenant's limits, by the
 * instance the client sent them to.
 */
final class SessionRoutes {

  /** A handler of one session's resource, given the validated session id. */
  @FunctionalInterface
  interface SessionHandler {
    void handle(Context ctx, String sessionId) throws Exception;
  }

  private final SessionService sessions;
  private final Forwarder forwarder;
  private final TurnsEndpoint turns;
  private final SessionEndpoint session;
  private final HistoryEndpoint history;
  private final EventsEndpoint events;
  private final ControlEndpoint controls;
  private final TurnStreamEndpoint stream;
  private final TenantAdmission admission;

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
    this.forwarder = new Forwarder(options, RequestBody.maxBytes(limits), self);
    this.turns = new TurnsEndpoint(sessions, waiters, options, limits);
    this.session = new SessionEndpoint(sessions);
    this.history = new HistoryEndpoint(sessions);
    this.events = new EventsEndpoint(sessions);
    this.controls = new ControlEndpoint(sessions, waiters, options);
    this.stream = streams == null ? null : new TurnStreamEndpoint(sessions, streams, options);
  }

  void register(Javalin app) {
    app.post("/v1/sessions/{id}/turns", submit());
    app.get("/v1/sessions/{id}/turns", owned(controls::pending));
    app.get("/v1/sessions/{id}/turns/{turnId}", owned(turns::get));
    app.delete("/v1/sessions/{id}/turns/{turnId}", owned(controls::cancel));
    app.post("/v1/sessions/{id}/turns/{turnId}/kill", owned(controls::kill));
    app.post("/v1/sessions/{id}/pause", anyInstance(controls::pause));
    app.post("/v1/sessions/{id}/resume", anyInstance(controls::resume));
    app.get("/v1/sessions/{id}", owned(session::get));
    app.get("/v1/sessions/{id}/history", owned(history::get));
    app.delete("/v1/sessions/{id}/history", anyInstance(history::clear));
    app.get("/v1/sessions/{id}/events", owned(events::get));
    if (stream != null) {
      app.get("/v1/sessions/{id}/turns/{turnId}/stream", ownedStream(stream::stream));
      app.get("/v1/sessions/{id}/stream", ownedStream(stream::feed));
    }
  }

  /**
   * A submit, taken from its tenant's submit rate, answered with the turn's stream when it asks for
   * it and streams are served (which also takes one of the tenant's streams, first).
   */
  private Handler submit() {
    Handler plain = owned(turns::submit);
    Handler streamed =
        stream == null
            ? null
            : ownedStream(
                (ctx, sessionId) -> turns.submitAndStream(ctx, sessionId, stream),
                admission::admitSubmit);
    return ctx -> {
      QueryParams.sessionId(ctx); // a bad session id is a 400 that takes nothing from the rate
      if (streamed != null && TurnStreamEndpoint.wanted(ctx)) {
        streamed.handle(ctx);
      } else {
        admission.admitSubmit(ctx);
        plain.handle(ctx);
      }
    };
  }

  private Handler ownedStream(SessionHandler handler) {
    return ownedStream(handler, ctx -> {});
  }

  /**
   * As {@link #owned}, relaying a remote owner's answer as it comes; the stream holds one of its
   * tenant's streams on this instance while it lasts, and {@code admit} runs once it has it.
   */
  private Handler ownedStream(SessionHandler handler, Consumer<Context> admit) {
    return ctx -> {
      String sessionId = QueryParams.sessionId(ctx);
      try (StreamSlot slot = admission.openStream(ctx)) {
        admit.accept(ctx);
        if (sessions.ownerOf(sessionId) instanceof SessionOwner.Remote remote) {
          refuseSecondForward(ctx, sessionId, remote);
          forwarder.forwardStream(ctx, remote);
        } else {
          owned(handler).handle(ctx);
        }
      }
    };
  }

  private Handler owned(SessionHandler handler) {
    return ctx -> {
      String sessionId = QueryParams.sessionId(ctx);
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

  private static Handler anyInstance(SessionHandler handler) {
    return ctx -> handler.handle(ctx, QueryParams.sessionId(ctx));
  }
}
