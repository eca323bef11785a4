package dev.baton.coordinator.http;

import dev.baton.coordinator.session.RejectionCode;
import dev.baton.coordinator.session.SessionEvent;
import dev.baton.coordinator.session.TurnStatus;
import java.util.Optional;

/**
 * What the API tells a client about a turn: its status, and the answer or error once it ended.
 *
 * @param turnId the turn
 * @param status its status
 * @param answer the agent's answer of a completed turn, if known
 * @param error the error of a failed turn, if known
 * @param joinedTurnId for an input that joined another turn ({@code onBusy=steer} into the running
 *     turn, {@code merge} into a queued one), that turn
 */
record TurnResult(
    String turnId,
    TurnStatus status,
    Optional<String> answer,
    Optional<String> error,
    Optional<String> joinedTurnId) {

  TurnResult(String turnId, TurnStatus status, Optional<String> answer, Optional<String> error) {
    this(turnId, status, answer, error, Optional.empty());
  }

  static TurnResult of(String turnId, TurnStatus status) {
    return new TurnResult(turnId, status, Optional.empty(), Optional.empty());
  }

  /**
   * The result a decision or a turn's end tells.
   *
   * @throws ProblemException if the decision rejected the turn
   */
  static TurnResult of(SessionEvent decision) {
    return switch (decision) {
      case SessionEvent.TurnStarted e -> of(e.turnId(), TurnStatus.RUNNING);
      case SessionEvent.TurnQueued e -> of(e.turnId(), TurnStatus.QUEUED);
      case SessionEvent.TurnSteered e -> of(e.turnId(), TurnStatus.STEERED).joined(e.intoTurnId());
      case SessionEvent.TurnMerged e -> of(e.turnId(), TurnStatus.QUEUED).joined(e.intoTurnId());
      case SessionEvent.DuplicateTurnSubmitted e -> of(e.turnId(), e.status());
      case SessionEvent.TurnCompleted e ->
          new TurnResult(e.turnId(), e.status(), Optional.of(e.answer()), Optional.empty());
      case SessionEvent.TurnFailed e ->
          new TurnResult(
              e.turnId(), e.status(), Optional.empty(), Optional.of(e.failure().message()));
      case SessionEvent.TurnCancelled e ->
          new TurnResult(
              e.turnId(),
              e.status(),
              Optional.empty(),
              Optional.of(e.reason() + e.detail().map(d -> ": " + d).orElse("")));
      case SessionEvent.TurnRejected e -> throw rejection(e);
      default -> throw new IllegalArgumentException("not a decision about a turn: " + decision);
    };
  }

  /** Whether the turn has ended. */
  boolean ended() {
    return status.isTerminal();
  }

  TurnResult withAnswer(Optional<String> answer) {
    return new TurnResult(turnId, status, answer, error, joinedTurnId);
  }

  /** This result, of an input that joined turn {@code intoTurnId}. */
  TurnResult joined(String intoTurnId) {
    return new TurnResult(turnId, status, answer, error, Optional.of(intoTurnId));
  }

  private static ProblemException rejection(SessionEvent.TurnRejected rejected) {
    return rejection(rejected.turnId(), rejected.code(), rejected.detail());
  }

  /** The problem a client gets for a turn rejected with {@code code}. */
  static ProblemException rejection(String turnId, RejectionCode code, String why) {
    String detail = "turn " + turnId + " was rejected: " + why;
    return switch (code) {
      case SESSION_BUSY -> ProblemException.of(ProblemCode.SESSION_BUSY, detail);
      case QUEUE_FULL -> ProblemException.of(ProblemCode.QUEUE_FULL, detail);
      case SESSION_PAUSED -> ProblemException.of(ProblemCode.SESSION_PAUSED, detail);
      case TURN_ID_REUSED -> ProblemException.of(ProblemCode.TURN_ID_REUSED, detail);
      case EMPTY_INPUT -> ProblemException.field(ProblemCode.MISSING_INPUT, "input", detail);
      case INPUT_TOO_LARGE -> ProblemException.field(ProblemCode.INPUT_TOO_LARGE, "input", detail);
      case INVALID_TURN_ID -> ProblemException.field(ProblemCode.INVALID_BODY, "turnId", detail);
      case INVALID_METADATA -> ProblemException.field(ProblemCode.INVALID_BODY, "metadata", detail);
    };
  }
}
