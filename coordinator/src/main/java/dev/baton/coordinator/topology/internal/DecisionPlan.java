package dev.baton.coordinator.topology.internal;

import dev.baton.coordinator.session.ActiveTurn;
import dev.baton.coordinator.session.DispatchMode;
import dev.baton.coordinator.session.HistoryRange;
import dev.baton.coordinator.session.SessionEvent;
import dev.baton.coordinator.session.SessionEvent.CommandIgnored;
import dev.baton.coordinator.session.SessionEvent.DispatchHeld;
import dev.baton.coordinator.session.SessionEvent.DispatchModeChanged;
import dev.baton.coordinator.session.SessionEvent.DuplicateTurnSubmitted;
import dev.baton.coordinator.session.SessionEvent.HistoryCleared;
import dev.baton.coordinator.session.SessionEvent.HistoryRolledBack;
import dev.baton.coordinator.session.SessionEvent.LeaseRenewed;
import dev.baton.coordinator.session.SessionEvent.MessageAppended;
import dev.baton.coordinator.session.SessionEvent.SessionExpired;
import dev.baton.coordinator.session.SessionEvent.SessionPaused;
import dev.baton.coordinator.session.SessionEvent.SessionResumed;
import dev.baton.coordinator.session.SessionEvent.StepAssigned;
import dev.baton.coordinator.session.SessionEvent.StepCompleted;
import dev.baton.coordinator.session.SessionEvent.StepFailed;
import dev.baton.coordinator.session.SessionEvent.StepResultIgnored;
import dev.baton.coordinator.session.SessionEvent.ToolCallDeferred;
import dev.baton.coordinator.session.SessionEvent.ToolCallFinished;
import dev.baton.coordinator.session.SessionEvent.ToolCallRedispatched;
import dev.baton.coordinator.session.SessionEvent.ToolCallWaveDispatched;
import dev.baton.coordinator.session.SessionEvent.ToolCallsDispatched;
import dev.baton.coordinator.session.SessionEvent.ToolResultIgnored;
import dev.baton.coordinator.session.SessionEvent.TurnCancelled;
import dev.baton.coordinator.session.SessionEvent.TurnCompleted;
import dev.baton.coordinator.session.SessionEvent.TurnFailed;
import dev.baton.coordinator.session.SessionEvent.TurnQueued;
import dev.baton.coordinator.session.SessionEvent.TurnRejected;
import dev.baton.coordinator.session.SessionEvent.TurnStarted;
import dev.baton.coordinator.session.SessionModel;
import dev.baton.coordinator.session.SessionState;
import dev.baton.coordinator.session.SessionTimers;
import dev.baton.coordinator.session.StepAttempt;
import dev.baton.coordinator.session.ToolBatch;
import dev.baton.coordinator.session.ToolCall;
import dev.baton.coordinator.topology.StoredSession;
import dev.baton.schemas.avro.Failure;
import dev.baton.schemas.avro.HistoryClearReason;
import dev.baton.schemas.avro.HistoryEntry;
import dev.baton.schemas.avro.Message;
import dev.baton.schemas.avro.SubmitTurn;
import dev.baton.schemas.avro.TurnSignal;
import dev.baton.schemas.avro.TurnSignalKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Maps one decision of the session model to its effects, in the model's event order: events for the
 * session-events topic, history writes, assignments, and finally the session's new state.
 *
 * <p>A {@code SubmitTurn} that starts or queues a turn gets a {@code TurnAccepted} event before its
 * {@code TurnStarted} or {@code TurnQueued}, so the event log holds every accepted input. A step's
 * usage follows its {@code StepCompleted} or {@code StepAttemptFailed} as {@code UsageRecorded}.
 * The model's {@code DuplicateTurnSubmitted} has no body on the topic yet and is not written: it
 * changes nothing, and the existing turn's status is in the sessions store. The model's events,
 * this one included, are last handed to the decision listener.
 */
final class DecisionPlan {

  private final SessionModel model;
  private final Cause cause;
  private final Instant now;
  private final EventLog log;
  private final List<Effect> effects = new ArrayList<>();
  private SessionState state;

  private DecisionPlan(SessionModel model, StoredSession stored, Cause cause, Instant now) {
    this.model = model;
    this.cause = cause;
    this.now = now;
    this.state = stored.state();
    this.log = new EventLog(stored.sessionId(), stored.nextEventSeq(), now, cause.causationId());
  }

  /** The effects of {@code events}, which the model decided for {@code stored} at {@code now}. */
  static List<Effect> of(
      SessionModel model,
      StoredSession stored,
      List<SessionEvent> events,
      Cause cause,
      Instant now) {
    if (events.isEmpty()) {
      return List.of(); // A timer check that found nothing due.
    }
    DecisionPlan plan = new DecisionPlan(model, stored, cause, now);
    for (int i = 0; i < events.size(); i++) {
      Optional<SessionEvent> next =
          i + 1 < events.size() ? Optional.of(events.get(i + 1)) : Optional.empty();
      plan.add(events.get(i), next);
    }
    boolean expired = events.getLast() instanceof SessionEvent.SessionExpired;
    Optional<Instant> dueBefore = SessionTimers.nextDue(stored.state(), model.limits());
    Optional<Instant> dueAfter =
        expired ? Optional.empty() : SessionTimers.nextDue(plan.state, model.limits());
    if (!dueBefore.equals(dueAfter)) {
      plan.effects.add(new Effect.Reschedule(stored.sessionId(), dueBefore, dueAfter));
    }
    if (expired) {
      plan.effects.add(new Effect.Delete(stored.sessionId()));
    } else {
      plan.effects.add(new Effect.Save(new StoredSession(plan.state, plan.log.nextSeq())));
    }
    plan.effects.add(new Effect.Notify(stored.sessionId(), events));
    return plan.effects;
  }

  private void add(SessionEvent event, Optional<SessionEvent> next) {
    switch (event) {
      case TurnQueued e -> {
        acceptedSubmit(e.turnId());
        emit(e.turnId(), EventBodies.turnQueued(e));
      }
      case TurnStarted e -> {
        acceptedSubmit(e.turnId());
        emit(e.turnId(), new dev.baton.schemas.avro.TurnStarted(null));
      }
      case TurnRejected e -> emit(e.turnId(), EventBodies.turnRejected(e, state));
      case DuplicateTurnSubmitted e -> {
        // The topic has no body for it yet; see the class comment.
      }
      case MessageAppended e -> appendMessage(e);
      case StepAssigned e -> assignStep(e);
      case StepCompleted e -> {
        emit(
            turnOf(e.assignment()),
            EventBodies.stepCompleted(e.assignment(), workerId(), toolCallsOf(next)));
        emit(turnOf(e.assignment()), EventBodies.usageRecorded(e.assignment(), e.usage()));
      }
      case StepFailed e -> {
        boolean willRetry = next.filter(StepAssigned.class::isInstance).isPresent();
        emit(
            turnOf(e.assignment()),
            EventBodies.stepAttemptFailed(
                e.assignment(), failure(e.error()), workerId(), willRetry));
        emit(turnOf(e.assignment()), EventBodies.usageRecorded(e.assignment(), e.usage()));
      }
      case StepResultIgnored e ->
          emit(turnOf(e.assignment()), EventBodies.workerResultIgnored(e, workerId(), state));
      case HistoryCleared e -> {
        effects.add(new Effect.ClearHistory(e.sessionId(), e.cleared()));
        emit(null, EventBodies.historyCleared(e));
      }
      case TurnCompleted e -> emit(e.turnId(), EventBodies.turnCompleted(e, state));
      case TurnFailed e -> {
        emit(e.turnId(), EventBodies.turnFailed(e, failure(e.error()), state));
        signalStop(e.turnId(), failure(e.error()).getCode());
      }
      case TurnCancelled e -> {
        emit(e.turnId(), EventBodies.turnCancelled(e));
        signalStop(e.turnId(), e.reason().name());
      }
      case CommandIgnored e -> {
        // Nothing changed; the topic has no body for it.
      }
      case SessionPaused e ->
          emit(null, new dev.baton.schemas.avro.SessionPaused(e.reason().orElse(null)));
      case SessionResumed e ->
          emit(null, new dev.baton.schemas.avro.SessionResumed(e.reason().orElse(null)));
      case LeaseRenewed e -> {
        // Renewals are frequent and change only the lease; the topic does not hear of them.
      }
      case DispatchHeld e -> {
        // The StepAssigned after the resume tells the story.
      }
      case HistoryRolledBack e -> {
        effects.add(new Effect.ClearHistory(e.sessionId(), e.removed()));
        emit(null, EventBodies.historyCleared(e.removed(), HistoryClearReason.ROLLED_BACK));
      }
      case SessionExpired e -> {
        HistoryRange all = state.history();
        effects.add(new Effect.ClearHistory(e.sessionId(), all));
        emit(null, EventBodies.historyCleared(all, HistoryClearReason.EXPIRED));
        emit(null, EventBodies.sessionExpired(e));
      }
      case ToolCallsDispatched e -> {
        // In SEQUENTIAL mode, or held while paused, the calls go out as ToolCallWaveDispatched.
        if (e.mode() == DispatchMode.PARALLEL && !e.held()) {
          List<dev.baton.schemas.avro.OperationClass> classes = classesOf(e.calls());
          e.calls().forEach(call -> dispatch(e.assignment(), call, classes, false));
        }
      }
      case ToolCallRedispatched e -> {
        ToolBatch batch = state.activeTurn().flatMap(ActiveTurn::tools).orElseThrow();
        dispatch(
            e.assignment(),
            e.call(),
            classesOf(batch.calls()),
            batch.mode() == DispatchMode.SEQUENTIAL);
      }
      case ToolCallWaveDispatched e -> {
        ToolBatch batch = state.activeTurn().flatMap(ActiveTurn::tools).orElseThrow();
        List<dev.baton.schemas.avro.OperationClass> classes = classesOf(batch.calls());
        boolean ordered = batch.mode() == DispatchMode.SEQUENTIAL;
        e.calls().forEach(call -> dispatch(e.assignment(), call, classes, ordered));
      }
      case DispatchModeChanged e -> {
        emit(turnOf(e.assignment()), EventBodies.dispatchModeChanged(e));
        effects.add(new Effect.CountDispatchModeChange(e.to()));
      }
      case ToolCallDeferred e -> {
        // The topic has no body for it: the DispatchModeChanged before it, and the call's next
        // ToolCallDispatched, tell the story.
      }
      case ToolCallFinished e -> {
        emit(turnOf(e.assignment()), EventBodies.toolCallStarted(e));
        emit(turnOf(e.assignment()), EventBodies.toolCallCompleted(e));
      }
      case ToolResultIgnored e ->
          emit(turnOf(e.assignment()), EventBodies.toolResultIgnored(e, workerId(), state));
    }
    state = model.apply(state, event);
  }

  /**
   * Tells the workers that may still run work of the ended turn to stop. A completed turn has none
   * out: its last step answered.
   */
  private void signalStop(String turnId, String reason) {
    effects.add(
        new Effect.Signal(
            new TurnSignal(
                state.sessionId(),
                turnId,
                TurnSignalKind.STOP,
                reason,
                state.lastFencingToken(),
                now)));
  }

  private static List<dev.baton.schemas.avro.OperationClass> classesOf(List<ToolCall> calls) {
    return calls.stream().map(call -> EventBodies.operationClass(call.operationClass())).toList();
  }

  private void dispatch(
      StepAttempt batch,
      ToolCall call,
      List<dev.baton.schemas.avro.OperationClass> stepClasses,
      boolean ordered) {
    var body = EventBodies.toolCallDispatched(log.nextEventId(), batch, call);
    dev.baton.schemas.avro.SessionEvent event = log.append(batch.turnId(), body);
    effects.add(
        new Effect.Dispatch(
            event,
            Assignments.toolCall(
                event,
                body,
                call,
                stepClasses,
                ordered,
                model.limits().lease().toMillis(),
                turnDeadline())));
  }

  private Instant turnDeadline() {
    return state.activeTurn().flatMap(ActiveTurn::deadline).orElse(null);
  }

  /** The number of tool calls if {@code next} is the assistant message that asks for them. */
  private static int toolCallsOf(Optional<SessionEvent> next) {
    return next.filter(MessageAppended.class::isInstance)
        .map(e -> ((MessageAppended) e).message().toolCalls().size())
        .orElse(0);
  }

  private void acceptedSubmit(String turnId) {
    if (cause instanceof Cause.FromCommand fromCommand
        && fromCommand.command().getBody() instanceof SubmitTurn submit
        && submit.getTurnId().equals(turnId)) {
      emit(turnId, EventBodies.turnAccepted(submit));
    }
  }

  private void appendMessage(MessageAppended appended) {
    dev.baton.coordinator.session.Message message = appended.message();
    Message body = EventBodies.message(message);
    effects.add(
        new Effect.AppendHistory(
            new HistoryEntry(state.sessionId(), message.seq(), message.turnId(), now, body)));
    emit(message.turnId(), new dev.baton.schemas.avro.MessageAppended(message.seq(), body));
  }

  private void assignStep(StepAssigned assigned) {
    StepAttempt attempt = assigned.assignment();
    var body = EventBodies.stepAssigned(log.nextEventId(), attempt, model.limits().lease());
    long turnFirstSeq = state.activeTurn().map(ActiveTurn::firstSeq).orElseThrow();
    effects.add(
        new Effect.Assign(
            log.append(attempt.turnId(), body), assigned.context(), turnFirstSeq, turnDeadline()));
  }

  private void emit(String turnId, Object body) {
    effects.add(new Effect.Emit(state.sessionId(), log.append(turnId, body)));
  }

  private String workerId() {
    return cause instanceof Cause.FromResult fromResult ? fromResult.result().getWorkerId() : "";
  }

  /**
   * A limit's failure, with the limit as its code, if the model's error names one; else the
   * worker's own failure if this decision answers one; else one made of the model's text.
   */
  private Failure failure(String error) {
    if (error.startsWith("LIMIT_") && error.indexOf(':') > 0) {
      return new Failure(error.substring(0, error.indexOf(':')), error, null);
    }
    if (cause instanceof Cause.FromResult fromResult
        && fromResult.result().getBody() instanceof dev.baton.schemas.avro.StepFailed failed) {
      return failed.getError();
    }
    return new Failure("STEP_FAILED", error, null);
  }

  private static String turnOf(StepAttempt attempt) {
    return attempt.turnId();
  }
}
