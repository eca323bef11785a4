package dev.baton.coordinator.topology.internal;

import dev.baton.coordinator.session.Decision;
import dev.baton.coordinator.session.DispatchMode;
import dev.baton.coordinator.session.OperationClass;
import dev.baton.coordinator.session.SessionEvent;
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
import dev.baton.coordinator.session.SessionEvent.TurnCancelled;
import dev.baton.coordinator.session.SessionEvent.TurnCompleted;
import dev.baton.coordinator.session.SessionEvent.TurnFailed;
import dev.baton.coordinator.session.SessionEvent.TurnMerged;
import dev.baton.coordinator.session.SessionEvent.TurnQueued;
import dev.baton.coordinator.session.SessionEvent.TurnRejected;
import dev.baton.coordinator.session.SessionEvent.TurnStarted;
import dev.baton.coordinator.session.SessionEvent.TurnSteered;
import dev.baton.coordinator.session.SessionLimits;
import dev.baton.coordinator.session.SessionTimers;
import dev.baton.coordinator.session.StepAttempt;
import dev.baton.coordinator.session.ToolCall;
import dev.baton.coordinator.session.WorkTerms;
import dev.baton.coordinator.topology.StoredSession;
import dev.baton.schemas.avro.Command;
import dev.baton.schemas.avro.HistoryClearReason;
import dev.baton.schemas.avro.HistoryEntry;
import dev.baton.schemas.avro.RefuseFork;
import dev.baton.schemas.avro.TurnSignal;
import dev.baton.schemas.avro.TurnSignalKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Maps one decision of the session model to its effects, in the model's event order: records for
 * the session-events topic, history writes, assignments and stop signals, then the session's new
 * state and timer. A decision with no events (a timer check that found nothing due) still moves a
 * timer that is stale, one whose instant the current limits no longer give. Each model event maps
 * on its own, by one {@code switch}, from what the event carries: the plan adds no fact, reads no
 * state and parses no text. It only numbers the events ({@link EventLog}) and names the input that
 * caused them.
 */
final class DecisionPlan {

  private final EventLog log;
  private final List<Effect> effects = new ArrayList<>();

  private DecisionPlan(StoredSession stored, String causationId, Instant now) {
    this.log = new EventLog(stored.sessionId(), stored.nextEventSeqAt(now), now, causationId);
  }

  /**
   * The effects of {@code decision}, which the model made for {@code stored} at {@code now}.
   *
   * @param causationId the id of the input that caused it; null for the wall clock
   */
  static List<Effect> of(
      StoredSession stored,
      Decision decision,
      SessionLimits limits,
      String causationId,
      Instant now) {
    List<SessionEvent> events = decision.events();
    boolean expired = !events.isEmpty() && events.getLast() instanceof SessionExpired;
    // The stored timer, not one computed again: the limits may have changed since it was stored.
    Optional<Instant> dueBefore = stored.timer();
    Optional<Instant> dueAfter =
        expired ? Optional.empty() : SessionTimers.nextDue(decision.state(), limits);
    if (events.isEmpty() && dueBefore.equals(dueAfter)) {
      return List.of(); // A timer check that found nothing due.
    }
    DecisionPlan plan = new DecisionPlan(stored, causationId, now);
    events.forEach(plan::add);
    String sessionId = stored.sessionId();
    if (!dueBefore.equals(dueAfter)) {
      plan.effects.add(new Effect.Reschedule(sessionId, dueBefore, dueAfter));
    }
    plan.effects.add(
        expired
            ? new Effect.Delete(sessionId)
            : new Effect.Save(new StoredSession(decision.state(), plan.log.nextSeq(), dueAfter)));
    if (!events.isEmpty()) {
      plan.effects.add(new Effect.Notify(sessionId, events));
    }
    return plan.effects;
  }

  private void add(SessionEvent event) {
    switch (event) {
      case TurnAccepted e -> emit(e.turnId(), EventBodies.turnAccepted(e));
      case TurnQueued e -> emit(e.turnId(), EventBodies.turnQueued(e));
      case TurnSteered e -> emit(e.turnId(), EventBodies.turnSteered(e));
      case TurnMerged e -> emit(e.turnId(), EventBodies.turnMerged(e));
      case TurnStarted e -> emit(e.turnId(), EventBodies.turnStarted(e));
      case TurnRejected e -> emit(e.turnId(), EventBodies.turnRejected(e));
      case DuplicateTurnSubmitted e -> emit(e.turnId(), EventBodies.duplicateTurnSubmitted(e));
      case MessageAppended e -> appendMessage(e);
      case StepAssigned e -> assignStep(e);
      case StepCompleted e -> {
        emit(e.assignment().turnId(), EventBodies.stepCompleted(e));
        emit(e.assignment().turnId(), EventBodies.usageRecorded(e.assignment(), e.usage()));
      }
      case StepFailed e -> {
        emit(e.assignment().turnId(), EventBodies.stepAttemptFailed(e));
        emit(e.assignment().turnId(), EventBodies.usageRecorded(e.assignment(), e.usage()));
      }
      case StepResultIgnored e -> emit(e.assignment().turnId(), EventBodies.workerResultIgnored(e));
      case ToolCallsDispatched e -> dispatchBatch(e);
      case ToolCallRedispatched e ->
          dispatch(
              e.assignment(), e.call(), e.dispatchToken(), e.stepClasses(), e.mode(), e.terms());
      case ToolCallWaveDispatched e -> {
        for (int i = 0; i < e.calls().size(); i++) {
          dispatch(
              e.assignment(),
              e.calls().get(i),
              e.dispatchTokens().get(i),
              e.stepClasses(),
              e.mode(),
              e.terms());
        }
      }
      case DispatchModeChanged e -> {
        emit(e.assignment().turnId(), EventBodies.dispatchModeChanged(e));
        effects.add(new Effect.CountDispatchModeChange(e.to()));
      }
      case ToolCallDeferred e -> emit(e.assignment().turnId(), EventBodies.toolCallDeferred(e));
      case ToolCallFinished e -> {
        emit(e.assignment().turnId(), EventBodies.toolCallStarted(e));
        emit(e.assignment().turnId(), EventBodies.toolCallCompleted(e));
      }
      case ToolResultIgnored e -> emit(e.assignment().turnId(), EventBodies.toolResultIgnored(e));
      case HistoryCleared e -> {
        effects.add(new Effect.ClearHistory(e.sessionId(), e.cleared()));
        emit(null, EventBodies.historyCleared(e.cleared(), HistoryClearReason.CLEARED));
      }
      case TurnCompleted e -> emit(e.turnId(), EventBodies.turnCompleted(e));
      case TurnFailed e -> {
        emit(e.turnId(), EventBodies.turnFailed(e));
        signalStop(e, e.failure().code(), e.fencingToken());
      }
      case TurnCancelled e -> {
        emit(e.turnId(), EventBodies.turnCancelled(e));
        signalStop(e, e.reason().name(), e.fencingToken());
      }
      case CommandIgnored e -> emit(null, EventBodies.commandIgnored(e));
      case SessionPaused e -> emit(null, EventBodies.sessionPaused(e));
      case SessionResumed e -> emit(null, EventBodies.sessionResumed(e));
      case LeaseExtended e -> emit(e.assignment().turnId(), EventBodies.leaseExtended(e));
      case DispatchHeld e ->
          emit(
              e.assignment().turnId(),
              EventBodies.dispatchHeld(e.assignment(), List.of(), e.until()));
      case HistoryRolledBack e -> {
        effects.add(new Effect.ClearHistory(e.sessionId(), e.removed()));
        emit(null, EventBodies.historyCleared(e.removed(), HistoryClearReason.ROLLED_BACK));
      }
      case SessionExpired e -> {
        effects.add(new Effect.ClearHistory(e.sessionId(), e.history()));
        emit(null, EventBodies.historyCleared(e.history(), HistoryClearReason.EXPIRED));
        emit(null, EventBodies.sessionExpired(e));
      }
      case SessionForked e -> forked(e);
      case ForkRefused e -> forkRefused(e);
      case ToolCallAwaitingApproval e ->
          emit(e.assignment().turnId(), EventBodies.toolCallAwaitingApproval(e));
      case ToolCallApprovalDecided e ->
          emit(e.assignment().turnId(), EventBodies.toolCallApprovalDecided(e));
      case ApprovalRefused e -> emit(e.turnId(), EventBodies.approvalRefused(e));
    }
  }

  /** On the source, the fork's seed follows, with the event's id as its command id. */
  private void forked(SessionForked forked) {
    String commandId = log.nextEventId();
    emit(null, EventBodies.sessionForked(forked));
    if (forked.atSource()) {
      effects.add(
          new Effect.Seed(
              commandId,
              forked.sourceSessionId(),
              forked.forkSessionId(),
              forked.atSeq(),
              forked.copied(),
              forked.at()));
    }
  }

  /** On the source, the fork is told the refusal, with the event's id as the command's id. */
  private void forkRefused(ForkRefused refused) {
    String commandId = log.nextEventId();
    emit(null, EventBodies.forkRefused(refused));
    if (!refused.atFork()) {
      var body =
          new RefuseFork(
              refused.sourceSessionId(),
              refused.atSeq(),
              refused.refusal().name(),
              refused.detail());
      effects.add(
          new Effect.SendCommand(
              new Command(commandId, refused.forkSessionId(), refused.at(), body)));
    }
  }

  /**
   * A new batch: its calls go out now in parallel dispatch; while the session is paused the batch
   * is held; in ordered dispatch its waves (the events after this one) send them.
   */
  private void dispatchBatch(ToolCallsDispatched batch) {
    if (batch.outNow()) {
      List<OperationClass> classes = batch.calls().stream().map(ToolCall::operationClass).toList();
      batch
          .calls()
          .forEach(
              call ->
                  dispatch(
                      batch.assignment(),
                      call,
                      batch.dispatchToken(call),
                      classes,
                      batch.mode(),
                      batch.terms()));
    } else if (batch.heldWhilePaused()) {
      List<String> callIds = batch.calls().stream().map(ToolCall::callId).toList();
      emit(
          batch.assignment().turnId(),
          EventBodies.dispatchHeld(batch.assignment(), callIds, Optional.empty()));
    }
  }

  /**
   * Tells the workers that may still run work of the ended turn to stop; nothing for a turn that
   * had no work (a queued turn, token 0). The signal's key is the session, so the compacted topic
   * keeps the newest stop of each session, which covers every token up to the session's newest.
   */
  private void signalStop(SessionEvent.TurnEnded ended, String reason, long upToFencingToken) {
    if (upToFencingToken <= 0) {
      return;
    }
    effects.add(
        new Effect.Signal(
            new TurnSignal(
                ended.sessionId(),
                ended.turnId(),
                TurnSignalKind.STOP,
                reason,
                upToFencingToken,
                ended.at())));
  }

  private void dispatch(
      StepAttempt batch,
      ToolCall call,
      long dispatchToken,
      List<OperationClass> stepClasses,
      DispatchMode mode,
      WorkTerms terms) {
    var body = EventBodies.toolCallDispatched(log.nextEventId(), batch, call, dispatchToken);
    dev.baton.schemas.avro.SessionEvent event = log.append(batch.turnId(), body);
    boolean ordered = mode == DispatchMode.SEQUENTIAL;
    effects.add(
        new Effect.Dispatch(
            event, Assignments.toolCall(event, body, call, stepClasses, ordered, terms)));
  }

  private void appendMessage(MessageAppended appended) {
    dev.baton.coordinator.session.Message message = appended.message();
    var body = EventBodies.message(message);
    effects.add(
        new Effect.AppendHistory(
            new HistoryEntry(
                appended.sessionId(), message.seq(), message.turnId(), appended.at(), body)));
    emit(message.turnId(), new dev.baton.schemas.avro.MessageAppended(message.seq(), body));
  }

  private void assignStep(StepAssigned assigned) {
    StepAttempt attempt = assigned.assignment();
    if (!assigned.delivered().isEmpty()) {
      emit(attempt.turnId(), EventBodies.steeredInputsDelivered(assigned));
    }
    var body = EventBodies.stepAssigned(log.nextEventId(), attempt, assigned.terms().lease());
    effects.add(
        new Effect.Assign(
            log.append(attempt.turnId(), body),
            assigned.context(),
            assigned.inputSeq(),
            assigned.terms().turnDeadline().orElse(null),
            assigned.steeredSeqs(),
            assigned.metadata()));
  }

  private void emit(String turnId, Object body) {
    effects.add(new Effect.Emit(log.sessionId(), log.append(turnId, body)));
  }
}
