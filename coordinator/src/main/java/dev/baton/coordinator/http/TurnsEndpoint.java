package dev.baton.coordinator.http;

import dev.baton.coordinator.limits.TurnSlot;
import dev.baton.coordinator.session.SessionEvent;
import dev.baton.coordinator.session.SessionLimits;
import dev.baton.coordinator.session.SessionState;
import dev.baton.coordinator.session.TurnStatus;
import dev.baton.coordinator.topology.StoredSession;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code POST /v1/sessions/{id}/turns} and {@code GET /v1/sessions/{id}/turns/{turnId}}, served by
 * the session's owner.
 *
 * <p>A submit registers a waiter, writes the {@code SubmitTurn} command and waits for this
 * instance's processor to decide: 202 with {@code RUNNING} or {@code QUEUED}, a problem if it was
 * rejected, or the existing turn's status for a repeated turn id. With {@code ?wait=N} it then
 * waits up to N seconds for the turn's end (that of an input that joined another turn is that
 * turn's, or its own turn's if it was steered into a turn that ended before a step carried it): 200
 * with the final status and answer, or 202 with the current status when the wait runs out. The
 * status code says whether the turn has ended (200) or not (202), so a retried submit is answered
 * like the first one.
 */
final class TurnsEndpoint {

  private final SessionService sessions;
  private final TurnWaiters waiters;
  private final HttpOptions options;
  private final SessionLimits limits;

  TurnsEndpoint(
      SessionService sessions, TurnWaiters waiters, HttpOptions options, SessionLimits limits) {
    this.sessions = sessions;
    this.waiters = waiters;
    this.options = options;
    this.limits = limits;
  }

  /**
   * The submit's body, validated.
   *
   * @throws ProblemException a 400 or 413 for a body the model would refuse whatever the state
   */
  SubmitRequest request(Context ctx) {
    return SubmitRequest.parse(RequestBody.read(ctx, RequestBody.maxBytes(limits)), limits);
  }

  /**
   * Submits {@code request}, whose turn holds {@code slot} of its tenant's turn limits: if the
   * command cannot be written, the slot is released.
   */
  void submit(Context ctx, String sessionId, SubmitRequest request, TurnSlot slot)
      throws InterruptedException {
    Duration wait = QueryParams.waitParam(ctx, options.maxWait());
    TurnResult result;
    try (TurnWaiter waiter = waiters.register(sessionId, request.turnId())) {
      send(sessionId, request, slot);
      SessionEvent decided = decision(waiter, request.turnId());
      result = TurnResult.of(decided);
      if (!result.ended() && !wait.isZero()) {
        result =
            switch (decided) {
              case SessionEvent.TurnSteered e ->
                  awaitJoined(sessionId, waiter, result, e.intoTurnId(), wait);
              case SessionEvent.TurnMerged e ->
                  awaitJoined(sessionId, waiter, result, e.intoTurnId(), wait);
              default -> awaitEnd(sessionId, waiter, result, wait);
            };
      }
    }
    respond(ctx, sessionId, withAnswer(sessionId, result));
  }

  /**
   * A submit answered with the turn's stream ({@link TurnStreamEndpoint#wanted}): once the
   * coordinator has accepted the turn (or found it already known), the response is its events from
   * its start; a rejected turn is the same problem as without the stream. {@code ?wait} plays no
   * part: the stream lasts until the turn ends.
   */
  void submitAndStream(
      Context ctx,
      String sessionId,
      SubmitRequest request,
      TurnSlot slot,
      TurnStreamEndpoint stream)
      throws InterruptedException {
    try (TurnWaiter waiter = waiters.register(sessionId, request.turnId())) {
      send(sessionId, request, slot);
      TurnResult.of(decision(waiter, request.turnId())); // a rejection is thrown as its problem
    }
    stream.stream(ctx, sessionId, request.turnId());
  }

  void get(Context ctx, String sessionId) {
    String turnId = ctx.pathParam("turnId");
    TurnStatus status = statusOf(sessions, sessionId, turnId);
    TurnResult result = withAnswer(sessionId, TurnResult.of(turnId, status));
    Json.respond(ctx, 200, Views.turn(sessionId, result));
  }

  /**
   * The status of a turn the session knows (active, queued or among its latest finished turns).
   *
   * @throws ProblemException {@code SESSION_NOT_FOUND} or {@code TURN_NOT_FOUND}
   */
  static TurnStatus statusOf(SessionService sessions, String sessionId, String turnId) {
    StoredSession stored = SessionEndpoint.require(sessions, sessionId);
    return stored
        .state()
        .statusOf(turnId)
        .orElseThrow(
            () ->
                ProblemException.of(
                    ProblemCode.TURN_NOT_FOUND,
                    "session "
                        + sessionId
                        + " has no turn "
                        + turnId
                        + " (active, queued or among its latest finished turns)"));
  }

  /** Writes the submit's command; a command not written gives its turn's slot back. */
  private void send(String sessionId, SubmitRequest request, TurnSlot slot) {
    try {
      sessions.send(request.toCommand(sessionId, Instant.now()));
    } catch (RuntimeException e) {
      slot.release();
      throw e;
    }
  }

  private SessionEvent decision(TurnWaiter waiter, String turnId) throws InterruptedException {
    return waiter
        .awaitDecision(options.decisionTimeout())
        .orElseThrow(
            () ->
                ProblemException.timeout(
                    "the coordinator did not decide on turn " + turnId, options.decisionTimeout()));
  }

  private TurnResult awaitEnd(String sessionId, TurnWaiter waiter, TurnResult known, Duration wait)
      throws InterruptedException {
    Optional<SessionEvent.TurnEnded> end = waiter.awaitEnd(wait);
    return end.isPresent() ? TurnResult.of(end.get()) : current(sessionId, known);
  }

  /**
   * Waits up to {@code wait} for the end of an input that joined turn {@code into} (steered into it
   * while it runs, or merged into it while it waits), whose status and answer it takes. A steered
   * input that turn ended before a step carried runs in the next turn: as that turn, whose end it
   * then waits for, or merged into it, which it then follows.
   */
  private TurnResult awaitJoined(
      String sessionId, TurnWaiter own, TurnResult known, String into, Duration wait)
      throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    String joinedTurn = into;
    TurnResult now = awaitJoinedEnd(sessionId, known, joinedTurn, deadline);
    while (joinedAnother(now, joinedTurn) && timeLeft(deadline).isPositive()) {
      joinedTurn = now.joinedTurnId().orElseThrow();
      now = awaitJoinedEnd(sessionId, known, joinedTurn, deadline);
    }
    if (now.status() == TurnStatus.COMPLETED) {
      Optional<String> ownAnswer = sessions.answer(sessionId, known.turnId());
      return ownAnswer.isPresent()
          ? now.withAnswer(ownAnswer) // it ran as a turn of its own, and has ended
          : now.withAnswer(sessions.answer(sessionId, joinedTurn)).joined(joinedTurn);
    }
    Duration left = timeLeft(deadline);
    if (now.ended() || now.joinedTurnId().isPresent() || left.isZero()) {
      return now;
    }
    return awaitEnd(sessionId, own, now, left);
  }

  /** Waits until {@code deadline} for the end of {@code joinedTurn}; answers the input's status. */
  private TurnResult awaitJoinedEnd(
      String sessionId, TurnResult known, String joinedTurn, long deadline)
      throws InterruptedException {
    try (TurnWaiter joined = waiters.register(sessionId, joinedTurn)) {
      if (current(sessionId, known).joinedTurnId().filter(joinedTurn::equals).isPresent()) {
        joined.awaitEnd(timeLeft(deadline));
      }
    }
    return current(sessionId, known);
  }

  private static boolean joinedAnother(TurnResult input, String joinedTurn) {
    return input.joinedTurnId().isPresent() && !input.joinedTurnId().get().equals(joinedTurn);
  }

  private static Duration timeLeft(long deadline) {
    return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
  }

  /** The turn's status now, after a wait ran out; the known result if the store lost it. */
  private TurnResult current(String sessionId, TurnResult known) {
    return sessions
        .session(sessionId)
        .flatMap(stored -> current(stored.state(), known))
        .orElse(known);
  }

  /**
   * {@code known}'s status in {@code state}, and the turn it joined while it waits to end with it.
   */
  private static Optional<TurnResult> current(SessionState state, TurnResult known) {
    Optional<TurnResult> now =
        state
            .statusOf(known.turnId())
            .map(
                status -> status == known.status() ? known : TurnResult.of(known.turnId(), status));
    Optional<String> joined = state.joinedTurn(known.turnId());
    return joined.isPresent() ? now.map(result -> result.joined(joined.get())) : now;
  }

  /** Looks the answer up in the history if the turn completed and the answer is not known. */
  private TurnResult withAnswer(String sessionId, TurnResult result) {
    if (result.status() != TurnStatus.COMPLETED || result.answer().isPresent()) {
      return result;
    }
    return result.withAnswer(sessions.answer(sessionId, result.turnId()));
  }

  private static void respond(Context ctx, String sessionId, TurnResult result) {
    Json.respond(ctx, result.ended() ? 200 : 202, Views.turn(sessionId, result));
  }
}
