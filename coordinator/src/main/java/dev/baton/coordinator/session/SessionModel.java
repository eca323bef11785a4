package dev.baton.coordinator.session;

import dev.baton.coordinator.session.SessionCommand.CancelTurn;
import dev.baton.coordinator.session.SessionCommand.CheckTimers;
import dev.baton.coordinator.session.SessionCommand.ClearHistory;
import dev.baton.coordinator.session.SessionCommand.CompleteStep;
import dev.baton.coordinator.session.SessionCommand.FailStep;
import dev.baton.coordinator.session.SessionCommand.FinishToolCall;
import dev.baton.coordinator.session.SessionCommand.PauseSession;
import dev.baton.coordinator.session.SessionCommand.RenewLease;
import dev.baton.coordinator.session.SessionCommand.ReportToolCallNotStarted;
import dev.baton.coordinator.session.SessionCommand.RequestToolCalls;
import dev.baton.coordinator.session.SessionCommand.ResumeSession;
import dev.baton.coordinator.session.SessionCommand.SubmitTurn;
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
import dev.baton.coordinator.session.SessionEvent.TurnEnded;
import dev.baton.coordinator.session.SessionEvent.TurnFailed;
import dev.baton.coordinator.session.SessionEvent.TurnQueued;
import dev.baton.coordinator.session.SessionEvent.TurnRejected;
import dev.baton.coordinator.session.SessionEvent.TurnStarted;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The session state machine. {@code decide} validates a command against the state and answers with
 * events; {@code apply} folds one event into the state and never decides anything. Pure: no I/O and
 * no clock, so the same state, command and time always give the same events.
 *
 * <pre>{@code
 * SessionModel model = new SessionModel(SessionLimits.defaults());
 * SessionState state = SessionState.empty("s-1");
 * List<SessionEvent> events =
 *     model.decide(state, new SubmitTurn("s-1", "t-1", "Hello", OnBusy.ENQUEUE), now);
 * state = model.applyAll(state, events); // TurnStarted, MessageAppended, StepAssigned
 * }</pre>
 */
public final class SessionModel {

  private final SessionLimits limits;
  private final OperationClassifier classifier;

  /** A model that enforces {@code limits} and classifies tool calls by the default rules. */
  public SessionModel(SessionLimits limits) {
    this(limits, OperationClassifier.defaults());
  }

  /** A model that enforces {@code limits} and classifies tool calls with {@code classifier}. */
  public SessionModel(SessionLimits limits, OperationClassifier classifier) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.classifier = Objects.requireNonNull(classifier, "classifier");
  }

  /** The limits this model enforces. */
  public SessionLimits limits() {
    return limits;
  }

  /** The classifier of tool calls. */
  public OperationClassifier classifier() {
    return classifier;
  }

  /**
   * The events {@code command} causes in {@code state} at time {@code now}, in order. Never empty.
   *
   * <p>If the active turn's deadline has passed, the decision first fails that turn ({@code
   * LIMIT_TURN_DEADLINE}, and the next queued turn starts), then decides the command in the
   * resulting state: a late result of the failed turn is ignored. {@link CheckTimers} is the one
   * command that may cause no event, when nothing is due.
   *
   * @throws IllegalArgumentException if the command is for another session than the state
   */
  public List<SessionEvent> decide(SessionState state, SessionCommand command, Instant now) {
    requireSameSession(state, command.sessionId());
    Decision decision = new Decision(state, Objects.requireNonNull(now, "now"));
    failIfPastDeadline(decision);
    switch (command) {
      case SubmitTurn submit -> submitTurn(decision, submit);
      case ClearHistory clear -> clearHistory(decision);
      case CompleteStep result -> completeStep(decision, result);
      case FailStep result -> failStep(decision, result);
      case RequestToolCalls result -> requestToolCalls(decision, result);
      case FinishToolCall result -> finishToolCall(decision, result);
      case ReportToolCallNotStarted report -> reportNotStarted(decision, report);
      case CancelTurn cancel -> cancelTurn(decision, cancel);
      case PauseSession pause -> pauseSession(decision, pause);
      case ResumeSession resume -> resumeSession(decision, resume);
      case RenewLease renew -> renewLease(decision, renew);
      case CheckTimers check -> checkTimers(decision);
    }
    return decision.events;
  }

  /** The state after {@code event}. */
  public SessionState apply(SessionState state, SessionEvent event) {
    requireSameSession(state, event.sessionId());
    if (event instanceof SessionExpired) {
      return SessionState.empty(state.sessionId()); // As if the session had never been.
    }
    SessionState next = withLease(applyOnly(state, event), event);
    return changesNothing(event) ? next : next.withLastActivity(event.at());
  }

  /** Whether {@code event} leaves the state as it is, last activity included. */
  private static boolean changesNothing(SessionEvent event) {
    return switch (event) {
      case TurnRejected e -> true;
      case DuplicateTurnSubmitted e -> true;
      case StepResultIgnored e -> true;
      case ToolResultIgnored e -> true;
      case CommandIgnored e -> true;
      default -> false;
    };
  }

  /** The state after {@code event}, before the lease and the last activity are updated. */
  private SessionState applyOnly(SessionState state, SessionEvent event) {
    return switch (event) {
      case TurnQueued e ->
          state.withQueued(new QueuedTurn(e.turnId(), e.input(), e.at(), e.deadline()));
      case TurnStarted e -> state.withStarted(e.turnId(), e.at(), e.deadline());
      case MessageAppended e -> state.withNextSeq(e.message().seq() + 1);
      case StepAssigned e ->
          state.withActiveTurn(
              activeTurn(state).withAssignment(e.assignment()), e.assignment().fencingToken());
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
                  .withTools(ToolBatch.dispatched(e.assignment(), e.mode(), e.calls(), e.held())),
              e.assignment().fencingToken());
      case ToolCallRedispatched e ->
          withTools(state, toolBatch(state).withRedispatched(e.call().index()));
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
      case LeaseRenewed e ->
          state.withActiveTurn(
              activeTurn(state).withLeaseUntil(e.until()), state.lastFencingToken());
      case DispatchHeld e ->
          state.withActiveTurn(
              activeTurn(state).withHeld(e.assignment()), state.lastFencingToken());
      case HistoryRolledBack e -> state.withNextSeq(e.removed().fromSeq());
      case SessionExpired e -> SessionState.empty(state.sessionId());
    };
  }

  private SessionState withTurnEnded(SessionState state, TurnEnded ended) {
    FinishedTurn finished = new FinishedTurn(ended.turnId(), ended.status());
    boolean active = state.activeTurn().filter(t -> t.turnId().equals(ended.turnId())).isPresent();
    return active
        ? state.withTurnEnded(finished, limits.rememberedTurns())
        : state.withQueuedTurnEnded(finished, limits.rememberedTurns());
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

  /** The state after all {@code events}, in order. */
  public SessionState applyAll(SessionState state, List<? extends SessionEvent> events) {
    SessionState result = state;
    for (SessionEvent event : events) {
      result = apply(result, event);
    }
    return result;
  }

  // Command handlers: they read the state and emit events, never change state themselves.

  private void submitTurn(Decision d, SubmitTurn submit) {
    Optional<TurnStatus> existing = d.state.statusOf(submit.turnId());
    if (existing.isPresent()) {
      d.emit(new DuplicateTurnSubmitted(d.sessionId(), submit.turnId(), existing.get(), d.now));
    } else if (submit.turnId().isBlank()
        || submit.turnId().length() > SessionLimits.MAX_TURN_ID_CHARS) {
      d.reject(
          submit,
          RejectionCode.INVALID_TURN_ID,
          "turnId must be 1 to " + SessionLimits.MAX_TURN_ID_CHARS + " non-blank chars");
    } else if (submit.input().isBlank()) {
      d.reject(submit, RejectionCode.EMPTY_INPUT, "input must not be blank");
    } else if (submit.input().length() > limits.maxInputChars()) {
      d.reject(
          submit,
          RejectionCode.INPUT_TOO_LARGE,
          "input has " + submit.input().length() + " chars, at most " + limits.maxInputChars());
    } else if (d.state.paused()) {
      submitWhilePaused(d, submit);
    } else if (d.state.isIdle()) {
      startTurn(d, submit.turnId(), submit.input(), submit.deadline());
    } else {
      submitWhileBusy(d, submit);
    }
  }

  private void submitWhilePaused(Decision d, SubmitTurn submit) {
    if (submit.onBusy() == OnBusy.ENQUEUE) {
      enqueue(d, submit);
    } else {
      d.reject(
          submit,
          RejectionCode.SESSION_PAUSED,
          "the session is paused; only onBusy ENQUEUE is accepted, and waits for the resume");
    }
  }

  private void submitWhileBusy(Decision d, SubmitTurn submit) {
    String active = activeTurn(d.state).turnId();
    switch (submit.onBusy()) {
      case REJECT -> d.reject(submit, RejectionCode.SESSION_BUSY, "turn " + active + " is active");
      case ENQUEUE -> enqueue(d, submit);
      case INTERRUPT -> {
        cancelActive(d, CancelReason.INTERRUPTED, Optional.of(submit.turnId()), Optional.empty());
        startTurn(d, submit.turnId(), submit.input(), submit.deadline());
      }
      case ROLLBACK -> {
        HistoryRange appended = new HistoryRange(activeTurn(d.state).firstSeq(), d.state.nextSeq());
        cancelActive(d, CancelReason.ROLLED_BACK, Optional.of(submit.turnId()), Optional.empty());
        d.emit(new HistoryRolledBack(d.sessionId(), appended, d.now));
        startTurn(d, submit.turnId(), submit.input(), submit.deadline());
      }
    }
  }

  private void enqueue(Decision d, SubmitTurn submit) {
    int queued = d.state.queue().size();
    if (queued >= limits.queueCapacity()) {
      d.reject(submit, RejectionCode.QUEUE_FULL, "queue is full at " + queued + " turns");
    } else {
      d.emit(
          new TurnQueued(
              d.sessionId(),
              submit.turnId(),
              submit.input(),
              queued + 1,
              submit.deadline(),
              d.now));
    }
  }

  private void cancelTurn(Decision d, CancelTurn cancel) {
    String turnId = cancel.turnId();
    boolean active = d.state.activeTurn().filter(t -> t.turnId().equals(turnId)).isPresent();
    Optional<TurnStatus> status = d.state.statusOf(turnId);
    if (active) {
      cancelActive(d, cancel.reason(), Optional.empty(), cancel.detail());
      startNextQueued(d);
    } else if (status.equals(Optional.of(TurnStatus.QUEUED))) {
      d.emit(
          new TurnCancelled(
              d.sessionId(),
              turnId,
              cancel.reason(),
              Optional.empty(),
              cancel.detail(),
              Usage.ZERO,
              d.now));
    } else {
      d.emit(
          new CommandIgnored(
              d.sessionId(),
              "turn "
                  + turnId
                  + status.map(s -> " already ended " + s).orElse(" is unknown")
                  + "; nothing to "
                  + cancel.reason(),
              d.now));
    }
  }

  /**
   * Ends the active turn as cancelled, without starting another. A call without a result gets a
   * synthetic tool message so that the transcript stays valid for LLM APIs, which expect a result
   * for every call; not for a rollback, whose messages are removed anyway.
   */
  private void cancelActive(
      Decision d, CancelReason reason, Optional<String> byTurnId, Optional<String> detail) {
    ActiveTurn turn = activeTurn(d.state);
    if (reason != CancelReason.ROLLED_BACK) {
      for (ToolCall call : turn.tools().map(ToolBatch::callsWithoutResult).orElse(List.of())) {
        ToolResult cancelled =
            new ToolResult(
                call.callId(),
                "Cancelled: turn "
                    + turn.turnId()
                    + " ended ("
                    + reason
                    + ") before this call returned",
                true);
        d.appendMessage(
            new Message(
                d.state.nextSeq(),
                Message.Role.TOOL,
                cancelled.content(),
                turn.turnId(),
                List.of(),
                Optional.of(cancelled)));
      }
    }
    d.emit(
        new TurnCancelled(
            d.sessionId(), turn.turnId(), reason, byTurnId, detail, turn.usage(), d.now));
  }

  private void pauseSession(Decision d, PauseSession pause) {
    if (d.state.paused()) {
      d.emit(new CommandIgnored(d.sessionId(), "the session is already paused", d.now));
    } else {
      d.emit(new SessionPaused(d.sessionId(), pause.reason(), d.now));
    }
  }

  private void resumeSession(Decision d, ResumeSession resume) {
    if (!d.state.paused()) {
      d.emit(new CommandIgnored(d.sessionId(), "the session is not paused", d.now));
      return;
    }
    d.emit(new SessionResumed(d.sessionId(), resume.reason(), d.now));
    Optional<ActiveTurn> turn = d.state.activeTurn();
    if (turn.isEmpty()) {
      startNextQueued(d);
    } else if (turn.get().held().isPresent()) {
      StepAttempt held = turn.get().held().get();
      assignStep(d, held.step(), held.attempt());
    } else if (turn.get().tools().isPresent()) {
      releaseWaitingCalls(d);
    }
  }

  /** Sends the calls that waited while the session was paused. */
  private void releaseWaitingCalls(Decision d) {
    ToolBatch batch = toolBatch(d.state);
    if (batch.mode() == DispatchMode.SEQUENTIAL) {
      dispatchNextWave(d);
      return;
    }
    List<ToolCall> held =
        batch.calls().stream().filter(call -> batch.waiting().contains(call.index())).toList();
    if (!held.isEmpty()) {
      d.emit(new ToolCallWaveDispatched(d.sessionId(), batch.assignment(), held, d.now));
    }
  }

  private void renewLease(Decision d, RenewLease renew) {
    Optional<ActiveTurn> turn = d.state.activeTurn();
    boolean current =
        turn.flatMap(ActiveTurn::assignment).equals(Optional.of(renew.assignment()))
            || turn.flatMap(ActiveTurn::tools)
                .filter(batch -> batch.assignment().equals(renew.assignment()))
                .isPresent();
    if (current) {
      d.emit(
          new LeaseRenewed(d.sessionId(), renew.assignment(), d.now.plus(limits.lease()), d.now));
    } else {
      d.emit(
          new CommandIgnored(
              d.sessionId(),
              "lease renewal of " + renew.assignment() + ", not current work",
              d.now));
    }
  }

  private void checkTimers(Decision d) {
    Optional<ActiveTurn> turn = d.state.activeTurn();
    if (turn.isPresent()) {
      if (SessionTimers.leaseExpired(turn.get(), d.now)) {
        expireLease(d, turn.get());
      }
      return;
    }
    if (SessionTimers.idleExpired(d.state, limits, d.now)) {
      d.emit(
          new SessionExpired(
              d.sessionId(),
              d.state.lastActivityAt(),
              limits.idleTimeToLive().orElseThrow(),
              d.now));
    }
  }

  /** Nothing was heard of the work that is out for a whole lease: send it out again. */
  private void expireLease(Decision d, ActiveTurn turn) {
    String silence =
        "LEASE_EXPIRED: no result or lease renewal within " + limits.lease().toMillis() + " ms";
    if (turn.assignment().isPresent()) {
      failAttempt(d, turn.assignment().get(), silence, true, Usage.ZERO);
      return;
    }
    ToolBatch batch = turn.tools().orElseThrow();
    for (ToolCall call : batch.callsOut()) {
      if (d.state.activeTurn().isEmpty()) {
        return; // A call over its dispatch limit failed the turn.
      }
      dispatchAgain(d, batch.assignment(), call, NotStartedReason.LEASE_EXPIRED);
    }
  }

  private void clearHistory(Decision d) {
    // The active turn keeps its messages so that its later steps still see their own turn.
    long end = d.state.activeTurn().map(ActiveTurn::firstSeq).orElse(d.state.nextSeq());
    d.emit(new HistoryCleared(d.sessionId(), new HistoryRange(d.state.historyStart(), end), d.now));
  }

  private void completeStep(Decision d, CompleteStep result) {
    if (ignoredAsNotCurrent(d, result.assignment())) {
      return;
    }
    String turnId = result.assignment().turnId();
    d.emit(new StepCompleted(d.sessionId(), result.assignment(), result.usage(), d.now));
    d.appendMessage(Message.Role.ASSISTANT, result.answer(), turnId);
    endTurn(d, new TurnCompleted(d.sessionId(), turnId, result.answer(), turnUsage(d), d.now));
  }

  private void failStep(Decision d, FailStep result) {
    if (ignoredAsNotCurrent(d, result.assignment())) {
      return;
    }
    failAttempt(d, result.assignment(), result.error(), result.retryable(), result.usage());
  }

  private void requestToolCalls(Decision d, RequestToolCalls result) {
    StepAttempt step = result.assignment();
    if (ignoredAsNotCurrent(d, step)) {
      return;
    }
    Optional<String> invalid = invalidCalls(result.calls());
    if (invalid.isPresent()) {
      failAttempt(d, step, "INVALID_TOOL_CALLS: " + invalid.get(), true, result.usage());
      return;
    }
    d.emit(new StepCompleted(d.sessionId(), step, result.usage(), d.now));
    int calls = result.calls().size();
    if (calls > limits.maxCallsPerStep()) {
      failTurn(d, "LIMIT_CALLS_PER_STEP: " + calls + " > " + limits.maxCallsPerStep());
      return;
    }
    // The calls' results need another agent step; fail before any tool runs if there is none.
    if (step.step() + 1 > limits.maxStepsPerTurn()) {
      failTurn(d, "LIMIT_STEPS_PER_TURN: " + (step.step() + 1) + " > " + limits.maxStepsPerTurn());
      return;
    }
    List<OperationClass> classes = classifier.classifyStep(result.calls());
    List<ToolCall> toolCalls =
        IntStream.range(0, calls)
            .mapToObj(
                i -> {
                  ToolCallRequest call = result.calls().get(i);
                  return new ToolCall(
                      call.callId(), i, call.name(), call.argumentsJson(), classes.get(i));
                })
            .toList();
    d.appendMessage(
        new Message(
            d.state.nextSeq(),
            Message.Role.ASSISTANT,
            result.content(),
            step.turnId(),
            toolCalls,
            Optional.empty()));
    StepAttempt batch =
        new StepAttempt(step.turnId(), step.step(), 1, d.state.lastFencingToken() + 1);
    DispatchMode mode = activeTurn(d.state).dispatchMode();
    d.emit(new ToolCallsDispatched(d.sessionId(), batch, mode, toolCalls, d.state.paused(), d.now));
    dispatchNextWave(d);
  }

  private void finishToolCall(Decision d, FinishToolCall result) {
    if (ignoredAsNotCurrentCall(d, result.assignment(), result.callId())) {
      return;
    }
    ToolCall call = toolBatch(d.state).call(result.callId()).orElseThrow();
    d.emit(
        new ToolCallFinished(
            d.sessionId(),
            result.assignment(),
            call,
            result.result(),
            result.startedAt(),
            result.finishedAt(),
            result.lockWaitMs(),
            result.workerId(),
            d.now));
    ToolBatch batch = toolBatch(d.state);
    if (!batch.isComplete()) {
      dispatchNextWave(d);
      return;
    }
    for (ToolResult toolResult : batch.resultsInCallOrder()) {
      d.appendMessage(
          new Message(
              d.state.nextSeq(),
              Message.Role.TOOL,
              toolResult.content(),
              batch.assignment().turnId(),
              List.of(),
              Optional.of(toolResult)));
    }
    assignStep(d, batch.assignment().step() + 1, 1);
  }

  private void reportNotStarted(Decision d, ReportToolCallNotStarted report) {
    if (ignoredAsNotCurrentCall(d, report.assignment(), report.callId())) {
      return;
    }
    ToolBatch batch = toolBatch(d.state);
    ToolCall call = batch.call(report.callId()).orElseThrow();
    boolean lockFailure =
        switch (report.reason()) {
          case LOCK_UNAVAILABLE, LOCK_TIMEOUT, STALE_FENCING_TOKEN -> true;
          default -> false;
        };
    if (batch.waiting().contains(call.index())
        || (lockFailure && batch.ordered().contains(call.index()))) {
      // A second report of a call that waits for its wave; or a lock failure of a call that is out
      // by ordered dispatch, which takes no lock: a report of an earlier dispatch. Either way the
      // call is not out again because of it.
      d.emit(
          new ToolResultIgnored(
              d.sessionId(),
              report.assignment(),
              call.callId(),
              IgnoreReason.DUPLICATE_RESULT,
              d.now));
      return;
    }
    if (failedOverDispatchLimit(d, call, report.reason())) {
      return;
    }
    if (batch.mode() == DispatchMode.PARALLEL
        && report.reason() == NotStartedReason.LOCK_UNAVAILABLE) {
      d.emit(
          new DispatchModeChanged(
              d.sessionId(),
              report.assignment(),
              DispatchMode.PARALLEL,
              DispatchMode.SEQUENTIAL,
              "LOCK_UNAVAILABLE: worker "
                  + report.workerId()
                  + " could not reach Redis for call "
                  + call.callId()
                  + " of "
                  + call.name(),
              d.now));
    }
    dispatchAgain(d, report.assignment(), call, report.reason());
  }

  /** Fails the turn if {@code call} was dispatched as often as a step may be attempted. */
  private boolean failedOverDispatchLimit(Decision d, ToolCall call, NotStartedReason reason) {
    int dispatches = toolBatch(d.state).dispatches().get(call.index());
    if (dispatches < limits.maxStepAttempts()) {
      return false;
    }
    failTurn(
        d,
        "LIMIT_TOOL_CALL_DISPATCHES: "
            + (dispatches + 1)
            + " > "
            + limits.maxStepAttempts()
            + " (call "
            + call.callId()
            + " of "
            + call.name()
            + " not started: "
            + reason
            + ")");
    return true;
  }

  /**
   * Sends a call out again, unless it is over its dispatch limit (then the turn fails): at once in
   * {@link DispatchMode#PARALLEL}, in its wave in {@link DispatchMode#SEQUENTIAL}, after the resume
   * while the session is paused.
   */
  private void dispatchAgain(
      Decision d, StepAttempt assignment, ToolCall call, NotStartedReason reason) {
    if (reason == NotStartedReason.LEASE_EXPIRED && failedOverDispatchLimit(d, call, reason)) {
      return;
    }
    ToolBatch batch = toolBatch(d.state);
    if (batch.mode() == DispatchMode.SEQUENTIAL || d.state.paused()) {
      d.emit(new ToolCallDeferred(d.sessionId(), assignment, call, reason, d.now));
      dispatchNextWave(d);
      return;
    }
    int dispatches = batch.dispatches().get(call.index());
    d.emit(
        new ToolCallRedispatched(d.sessionId(), assignment, call, reason, dispatches + 1, d.now));
  }

  /** In ordered dispatch, sends the calls that may go out now, if any. */
  private void dispatchNextWave(Decision d) {
    ToolBatch batch = toolBatch(d.state);
    if (batch.mode() != DispatchMode.SEQUENTIAL || d.state.paused()) {
      return;
    }
    List<ToolCall> wave = batch.nextWave();
    if (!wave.isEmpty()) {
      d.emit(new ToolCallWaveDispatched(d.sessionId(), batch.assignment(), wave, d.now));
    }
  }

  // Building blocks shared by the handlers.

  private void failIfPastDeadline(Decision d) {
    Optional<ActiveTurn> turn = d.state.activeTurn();
    Optional<Instant> deadline = turn.flatMap(ActiveTurn::deadline);
    if (deadline.isPresent() && d.now.isAfter(deadline.get())) {
      long ran = Duration.between(turn.get().startedAt(), d.now).toMillis();
      long allowed = Duration.between(turn.get().startedAt(), deadline.get()).toMillis();
      failTurn(d, "LIMIT_TURN_DEADLINE: " + ran + " ms > " + allowed + " ms");
    }
  }

  private void failAttempt(
      Decision d, StepAttempt failed, String error, boolean retryable, Usage usage) {
    d.emit(new StepFailed(d.sessionId(), failed, error, retryable, usage, d.now));
    if (retryable && failed.attempt() < limits.maxStepAttempts()) {
      assignStep(d, failed.step(), failed.attempt() + 1);
    } else {
      failTurn(d, error);
    }
  }

  private void failTurn(Decision d, String error) {
    String turnId = activeTurn(d.state).turnId();
    endTurn(d, new TurnFailed(d.sessionId(), turnId, error, turnUsage(d), d.now));
  }

  /** Why the calls cannot be dispatched, if they cannot. */
  private static Optional<String> invalidCalls(List<ToolCallRequest> calls) {
    if (calls.isEmpty()) {
      return Optional.of("no calls");
    }
    Set<String> ids = new HashSet<>();
    for (ToolCallRequest call : calls) {
      if (call.callId().isBlank() || call.name().isBlank()) {
        return Optional.of("a call has a blank callId or name");
      }
      if (!ids.add(call.callId())) {
        return Optional.of("callId " + call.callId() + " appears twice");
      }
    }
    return Optional.empty();
  }

  private void startTurn(Decision d, String turnId, String input, Optional<Duration> deadline) {
    Instant due = d.now.plus(deadline.orElse(limits.turnDeadline()));
    d.emit(new TurnStarted(d.sessionId(), turnId, Optional.of(due), d.now));
    d.appendMessage(Message.Role.USER, input, turnId);
    assignStep(d, 1, 1);
  }

  private void assignStep(Decision d, int step, int attempt) {
    ActiveTurn turn = activeTurn(d.state);
    long token = d.state.lastFencingToken() + 1;
    StepAttempt assignment = new StepAttempt(turn.turnId(), step, attempt, token);
    if (d.state.paused()) {
      d.emit(new DispatchHeld(d.sessionId(), assignment, d.now));
    } else {
      d.emit(new StepAssigned(d.sessionId(), assignment, context(d.state, turn), d.now));
    }
  }

  private HistoryRange context(SessionState state, ActiveTurn turn) {
    long latest = state.nextSeq() - limits.contextMessages();
    long from = Math.max(state.historyStart(), Math.min(turn.firstSeq(), latest));
    return new HistoryRange(from, state.nextSeq());
  }

  private void endTurn(Decision d, TurnEnded end) {
    d.emit(end);
    startNextQueued(d);
  }

  /** Starts the oldest queued turn, if any and if the session is not paused. */
  private void startNextQueued(Decision d) {
    if (d.state.paused()) {
      return;
    }
    d.state.queue().stream()
        .findFirst()
        .ifPresent(next -> startTurn(d, next.turnId(), next.input(), next.deadline()));
  }

  /** Emits {@link StepResultIgnored} unless {@code result} is the current assignment. */
  private boolean ignoredAsNotCurrent(Decision d, StepAttempt result) {
    Optional<IgnoreReason> reason = whyNotCurrent(d.state, result);
    reason.ifPresent(r -> d.emit(new StepResultIgnored(d.sessionId(), result, r, d.now)));
    return reason.isPresent();
  }

  private static Optional<IgnoreReason> whyNotCurrent(SessionState state, StepAttempt result) {
    Optional<ActiveTurn> turn =
        state.activeTurn().filter(active -> active.turnId().equals(result.turnId()));
    if (turn.isEmpty()) {
      return Optional.of(IgnoreReason.TURN_NOT_ACTIVE);
    }
    Optional<StepAttempt> current = turn.get().assignment();
    if (current.equals(Optional.of(result))) {
      return Optional.empty();
    }
    long currentToken = current.map(StepAttempt::fencingToken).orElse(state.lastFencingToken() + 1);
    return Optional.of(
        result.fencingToken() < currentToken
            ? IgnoreReason.STALE_FENCING_TOKEN
            : IgnoreReason.UNKNOWN_ASSIGNMENT);
  }

  /**
   * Emits {@link ToolResultIgnored} unless {@code result} is the current tool batch's assignment
   * and {@code callId} is one of its calls without a result yet.
   */
  private boolean ignoredAsNotCurrentCall(Decision d, StepAttempt result, String callId) {
    Optional<IgnoreReason> reason = whyNotCurrentCall(d.state, result, callId);
    reason.ifPresent(r -> d.emit(new ToolResultIgnored(d.sessionId(), result, callId, r, d.now)));
    return reason.isPresent();
  }

  private static Optional<IgnoreReason> whyNotCurrentCall(
      SessionState state, StepAttempt result, String callId) {
    Optional<ActiveTurn> turn =
        state.activeTurn().filter(active -> active.turnId().equals(result.turnId()));
    if (turn.isEmpty()) {
      return Optional.of(IgnoreReason.TURN_NOT_ACTIVE);
    }
    Optional<ToolBatch> batch = turn.get().tools();
    if (batch.isEmpty() || !batch.get().assignment().equals(result)) {
      long currentToken =
          batch.map(b -> b.assignment().fencingToken()).orElse(state.lastFencingToken() + 1);
      return Optional.of(
          result.fencingToken() < currentToken
              ? IgnoreReason.STALE_FENCING_TOKEN
              : IgnoreReason.UNKNOWN_ASSIGNMENT);
    }
    if (batch.get().call(callId).isEmpty()) {
      return Optional.of(IgnoreReason.UNKNOWN_CALL);
    }
    if (batch.get().result(callId).isPresent()) {
      return Optional.of(IgnoreReason.DUPLICATE_RESULT);
    }
    return Optional.empty();
  }

  private static Usage turnUsage(Decision d) {
    return activeTurn(d.state).usage();
  }

  private static SessionState withAttemptFinished(SessionState state, Usage usage) {
    return state.withActiveTurn(
        activeTurn(state).withAttemptFinished(usage), state.lastFencingToken());
  }

  private static SessionState withTools(SessionState state, ToolBatch batch) {
    return state.withActiveTurn(activeTurn(state).withTools(batch), state.lastFencingToken());
  }

  private static ToolBatch toolBatch(SessionState state) {
    return activeTurn(state)
        .tools()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "session " + state.sessionId() + " awaits no tool call results"));
  }

  private static ActiveTurn activeTurn(SessionState state) {
    return state
        .activeTurn()
        .orElseThrow(
            () ->
                new IllegalStateException("session " + state.sessionId() + " has no active turn"));
  }

  private static void requireSameSession(SessionState state, String sessionId) {
    if (!state.sessionId().equals(sessionId)) {
      throw new IllegalArgumentException(
          "state of session " + state.sessionId() + " got input for session " + sessionId);
    }
  }

  /** The events of one decision so far, and the state they lead to. */
  private final class Decision {
    private final List<SessionEvent> events = new ArrayList<>();
    private final Instant now;
    private SessionState state;

    private Decision(SessionState state, Instant now) {
      this.state = state;
      this.now = now;
    }

    String sessionId() {
      return state.sessionId();
    }

    void emit(SessionEvent event) {
      events.add(event);
      state = apply(state, event);
    }

    void appendMessage(Message.Role role, String content, String turnId) {
      appendMessage(new Message(state.nextSeq(), role, content, turnId));
    }

    void appendMessage(Message message) {
      emit(new MessageAppended(sessionId(), message, now));
    }

    void reject(SubmitTurn submit, RejectionCode code, String detail) {
      emit(new TurnRejected(sessionId(), submit.turnId(), code, detail, now));
    }
  }
}
