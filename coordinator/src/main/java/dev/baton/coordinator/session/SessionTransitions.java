package dev.baton.coordinator.session;

import dev.baton.coordinator.session.SessionEvent.ApprovalRefused;
import dev.baton.coordinator.session.SessionEvent.CommandIgnored;
import dev.baton.coordinator.session.SessionEvent.DispatchHeld;
import dev.baton.coordinator.session.SessionEvent.DispatchModeChanged;
import dev.baton.coordinator.session.SessionEvent.DuplicateTurnSubmitted;
import dev.baton.coordinator.session.SessionEvent.ForkRefused;
import dev.baton.coordinator.session.SessionEvent.HistoryCleared;
import dev.baton.coordinator.session.SessionEvent.HistoryRolledBack;
import dev.baton.coordinator.session.SessionEvent.LeaseExtended;
import dev.baton.coordinator.session.SessionEvent.MessageAppended;
import dev.baton.coordinator.session.SessionEvent.SessionExpired;
import dev.baton.coordinator.session.SessionEvent.SessionForked;
import dev.baton.coordinator.session.SessionEvent.SessionPaused;
import dev.baton.coordinator.session.SessionEvent.SessionResumed;
import dev.baton.coordinator.session.SessionEvent.StepAssigned;
import dev.baton.coordinator.session.SessionEvent.StepCompleted;
import dev.baton.coordinator.session.SessionEvent.StepFailed;
import dev.baton.coordinator.session.SessionEvent.StepResultIgnored;
import dev.baton.coordinator.session.SessionEvent.ToolCallApprovalDecided;
import dev.baton.coordinator.session.SessionEvent.ToolCallAwaitingApproval;
import dev.baton.coordinator.session.SessionEvent.ToolCallDeferred;
import dev.baton.coordinator.session.SessionEvent.ToolCallFinished;
import dev.baton.coordinator.session.SessionEvent.ToolCallRedispatched;
import dev.baton.coordinator.session.SessionEvent.ToolCallWaveDispatched;
import dev.baton.coordinator.session.SessionEvent.ToolCallsDispatched;
import dev.baton.coordinator.session.SessionEvent.ToolResultIgnored;
import dev.baton.coordinator.session.SessionEvent.TurnAccepted;
import dev.baton.coordinator.session.SessionEvent.TurnEnded;
import dev.baton.coordinator.session.SessionEvent.TurnMerged;
import dev.baton.coordinator.session.SessionEvent.TurnQueued;
import dev.baton.coordinator.session.SessionEvent.TurnRejected;
import dev.baton.coordinator.session.SessionEvent.TurnStarted;
import dev.baton.coordinator.session.SessionEvent.TurnSteered;
import dev.baton.coordinator.session.TurnWork.StepHeld;
import dev.baton.coordinator.session.TurnWork.ToolCallsOut;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How each event changes a session's state ({@link SessionModel#apply}). It only folds facts in,
 * never decides anything.
 */
final class SessionTransitions {

  private final SessionLimits limits;

  SessionTransitions(SessionLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  SessionState apply(SessionState state, SessionEvent event) {
    if (event instanceof SessionExpired) {
      return SessionState.empty(state.sessionId()); // As if the session had never been.
    }
    if (changesNothing(event)) {
      return applyOnly(state, event);
    }
    // The first event that changes a session's state begins its life (its epoch).
    SessionState next = withLease(applyOnly(state.begunAt(event.at()), event), event);
    return next.withLastActivity(event.at());
  }

  /** Whether {@code event} leaves the state as it is, last activity included. */
  private static boolean changesNothing(SessionEvent event) {
    return switch (event) {
      case TurnAccepted e -> true;
      case TurnRejected e -> true;
      case DuplicateTurnSubmitted e -> true;
      case StepResultIgnored e -> true;
      case ToolResultIgnored e -> true;
      case CommandIgnored e -> true;
      case ForkRefused e -> true;
      case ApprovalRefused e -> true;
      case SessionForked e -> e.atSource(); // Forking changes nothing of the source.
      default -> false;
    };
  }

  /** A queued turn, or an input waiting to join one, that nothing was merged into yet. */
  private static QueuedTurn waiting(
      String turnId,
      String input,
      Instant at,
      Optional<Duration> deadline,
      InputDigest inputDigest,
      Map<String, String> metadata) {
    return new QueuedTurn(turnId, input, at, deadline, inputDigest, List.of(), metadata);
  }

  /** The state after {@code event}, before the lease and the last activity are updated. */
  private SessionState applyOnly(SessionState state, SessionEvent event) {
    return switch (event) {
      case TurnAccepted e -> state;
      case TurnQueued e ->
          state.withQueued(
              waiting(e.turnId(), e.input(), e.at(), e.deadline(), e.inputDigest(), e.metadata()),
              e.position());
      case TurnMerged e ->
          state.withMerged(
              e.intoTurnId(),
              waiting(
                  e.turnId(), e.input(), e.at(), Optional.empty(), e.inputDigest(), e.metadata()));
      case TurnSteered e ->
          state.withSteering(
              waiting(e.turnId(), e.input(), e.at(), e.deadline(), e.inputDigest(), e.metadata()));
      case TurnStarted e ->
          state.withStarted(e.turnId(), e.at(), e.deadline(), e.inputDigest(), e.metadata());
      case MessageAppended e -> state.withNextSeq(e.message().seq() + 1);
      case StepAssigned e ->
          state.withActiveTurn(
              activeTurn(state).withAgentStepOut(e.assignment()).withDelivered(e.delivered()),
              e.assignment().fencingToken());
      case StepCompleted e -> withAttemptFinished(state, e.usage());
      case StepFailed e -> withAttemptFinished(state, e.usage());
      case TurnEnded e -> withTurnEnded(state, e);
      case HistoryCleared e -> state.withHistoryStart(e.cleared().toSeq());
      case TurnRejected e -> state;
      case DuplicateTurnSubmitted e -> state;
      case StepResultIgnored e -> state;
      case ToolCallsDispatched e ->
          state.withActiveTurn(
              activeTurn(state)
                  .withWork(
                      new ToolCallsOut(
                          ToolBatch.dispatched(
                              e.assignment(), e.mode(), e.calls(), e.held(), e.tokensPerCall()))),
              e.lastToken());
      case ToolCallRedispatched e ->
          withTools(state, toolBatch(state).withRedispatched(e.call().index(), e.dispatch()));
      case ToolCallFinished e -> withTools(state, toolBatch(state).withResult(e.result()));
      case ToolResultIgnored e -> state;
      case DispatchModeChanged e ->
          state.withActiveTurn(
              activeTurn(state).withDispatchMode(e.to()), state.lastFencingToken());
      case ToolCallDeferred e -> withTools(state, toolBatch(state).withWaiting(e.call().index()));
      case ToolCallWaveDispatched e ->
          withTools(
              state,
              toolBatch(state)
                  .withWaveDispatched(e.calls().stream().map(ToolCall::index).toList()));
      case CommandIgnored e -> state;
      case SessionPaused e -> state.withPaused(true);
      case SessionResumed e -> state.withPaused(false);
      case LeaseExtended e ->
          state.withActiveTurn(
              activeTurn(state).withLeaseUntil(e.until()), state.lastFencingToken());
      case DispatchHeld e ->
          state.withActiveTurn(
              activeTurn(state).withWork(new StepHeld(e.assignment(), e.until())),
              state.lastFencingToken());
      case HistoryRolledBack e -> state.withNextSeq(e.removed().fromSeq());
      case SessionExpired e -> SessionState.empty(state.sessionId());
      case SessionForked e ->
          e.atSource()
              ? state
              : state.withHistoryStart(e.copied().fromSeq()).withNextSeq(e.copied().fromSeq());
      case ForkRefused e -> state;
      case ToolCallAwaitingApproval e ->
          withTools(state, toolBatch(state).withAwaitingApproval(e.call().index(), e.deadline()));
      case ToolCallApprovalDecided e -> withTools(state, decided(toolBatch(state), e));
      case ApprovalRefused e -> state;
    };
  }

  private static ToolBatch decided(ToolBatch batch, ToolCallApprovalDecided decided) {
    int index = decided.call().index();
    return decided
        .denial()
        .map(denial -> batch.withDenied(index, denial))
        .orElseGet(() -> batch.withApproved(index, decided.argumentsJson()));
  }

  private SessionState withTurnEnded(SessionState state, TurnEnded ended) {
    Optional<ActiveTurn> active = state.activeTurn().filter(t -> t.turnId().equals(ended.turnId()));
    Optional<InputDigest> digest =
        active.isPresent()
            ? active.get().inputDigest()
            : state.queue().stream()
                .filter(t -> t.turnId().equals(ended.turnId()))
                .map(QueuedTurn::inputDigest)
                .findFirst();
    FinishedTurn finished = new FinishedTurn(ended.turnId(), ended.status(), digest, ended.at());
    Remembering remembering = limits.remembering(ended.at());
    return active.isPresent()
        ? state.withTurnEnded(finished, remembering)
        : state.withQueuedTurnEnded(finished, remembering);
  }

  /** Work that goes out, or a sign of life from it, starts a new lease for the turn's work. */
  private SessionState withLease(SessionState state, SessionEvent event) {
    boolean fresh =
        switch (event) {
          case StepAssigned e -> true;
          case ToolCallsDispatched e -> !e.held();
          case ToolCallRedispatched e -> true;
          case ToolCallWaveDispatched e -> true;
          case ToolCallFinished e -> true;
          default -> false;
        };
    if (!fresh || state.activeTurn().isEmpty()) {
      return state;
    }
    return state.withActiveTurn(
        activeTurn(state).withLeaseUntil(event.at().plus(limits.lease())),
        state.lastFencingToken());
  }

  private static SessionState withAttemptFinished(SessionState state, Usage usage) {
    return state.withActiveTurn(
        activeTurn(state).withAttemptFinished(usage), state.lastFencingToken());
  }

  private static SessionState withTools(SessionState state, ToolBatch batch) {
    return state.withActiveTurn(
        activeTurn(state).withWork(new ToolCallsOut(batch)), state.lastFencingToken());
  }

  static ToolBatch toolBatch(SessionState state) {
    return activeTurn(state)
        .tools()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "session " + state.sessionId() + " awaits no tool call results"));
  }

  static ActiveTurn activeTurn(SessionState state) {
    return state
        .activeTurn()
        .orElseThrow(
            () ->
                new IllegalStateException("session " + state.sessionId() + " has no active turn"));
  }
}
