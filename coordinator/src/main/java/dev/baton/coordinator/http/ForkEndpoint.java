package dev.baton.coordinator.http;

import dev.baton.coordinator.session.SessionEvent;
import dev.baton.schemas.SessionKeys;
import io.javalin.http.Context;
import java.time.Instant;

/**
 * {@code POST /v1/sessions/{id}/fork}, served by the owner of the fork (the new session), which
 * hears the outcome: it registers a waiter on the fork, writes {@code ForkSession} to the source,
 * whose owner answers the fork with its seed or its refusal, and waits for the fork's decision. 201
 * with the fork's view, or the refusal's problem.
 */
final class ForkEndpoint {

  /** The largest body of a fork request: an id and a number. */
  static final int MAX_BODY_BYTES = 4096;

  private final SessionService sessions;
  private final TurnWaiters waiters;
  private final HttpOptions options;

  ForkEndpoint(SessionService sessions, TurnWaiters waiters, HttpOptions options) {
    this.sessions = sessions;
    this.waiters = waiters;
    this.options = options;
  }

  /** The fork's session key in the tenant of {@code sourceKey}, named by {@code request}. */
  static String forkKey(String sourceKey, ForkRequest request) {
    return SessionKeys.of(SessionKeys.tenantOf(sourceKey), request.sessionId());
  }

  /** Forks {@code sourceKey} as {@code request} asks; this instance owns the fork. */
  void fork(Context ctx, String sourceKey, ForkRequest request) throws InterruptedException {
    String forkKey = forkKey(sourceKey, request);
    refuseIfUsed(forkKey);
    SessionEvent outcome;
    try (TurnWaiter waiter = waiters.registerFork(forkKey, sourceKey, request.atSeq())) {
      sessions.send(request.toCommand(sourceKey, forkKey, Instant.now()));
      outcome = waiter.awaitDecision(options.decisionTimeout()).orElseThrow(() -> timeout(forkKey));
    }
    if (outcome instanceof SessionEvent.ForkRefused refused) {
      throw problem(refused);
    }
    Json.respond(ctx, 201, Views.session(SessionEndpoint.require(sessions, forkKey)));
  }

  /**
   * Answers 409 at once for a fork id that is in use, read from this instance's store, so that the
   * source does not give a fork that would be refused. The fork's model still decides: a session
   * that comes into use meanwhile refuses the seed.
   */
  private void refuseIfUsed(String forkKey) {
    if (sessions.session(forkKey).filter(stored -> !stored.state().isUnused()).isPresent()) {
      throw ProblemException.field(
          ProblemCode.SESSION_EXISTS,
          "sessionId",
          "session " + SessionKeys.sessionIdOf(forkKey) + " already exists");
    }
  }

  private ProblemException timeout(String forkKey) {
    String fork = SessionKeys.sessionIdOf(forkKey);
    return ProblemException.of(
        ProblemCode.TIMEOUT,
        "no outcome of the fork into "
            + fork
            + " within "
            + options.decisionTimeout().toMillis()
            + " ms; GET /v1/sessions/"
            + fork
            + " tells whether it was seeded");
  }

  private static ProblemException problem(SessionEvent.ForkRefused refused) {
    String detail = refused.detail();
    return switch (refused.refusal()) {
      case SOURCE_NOT_FOUND -> ProblemException.of(ProblemCode.SESSION_NOT_FOUND, detail);
      case SEQ_OUT_OF_RANGE ->
          ProblemException.field(ProblemCode.SEQ_OUT_OF_RANGE, "atSeq", detail);
      case SAME_SESSION -> ProblemException.field(ProblemCode.INVALID_BODY, "sessionId", detail);
      case HISTORY_TOO_LARGE -> ProblemException.of(ProblemCode.HISTORY_TOO_LARGE, detail);
      case FORK_EXISTS -> ProblemException.field(ProblemCode.SESSION_EXISTS, "sessionId", detail);
      case OTHER -> ProblemException.of(ProblemCode.INTERNAL, detail);
    };
  }
}
