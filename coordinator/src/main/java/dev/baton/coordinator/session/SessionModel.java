package dev.baton.coordinator.session;

import dev.baton.coordinator.session.SessionCommand.ClearHistory;
import dev.baton.coordinator.session.SessionCommand.CompleteStep;
import dev.baton.coordinator.session.SessionCommand.FailStep;
import dev.baton.coordinator.session.SessionCommand.SubmitTurn;
import dev.baton.coordinator.session.SessionEvent.DuplicateTurnSubmitted;
import dev.baton.coordinator.session.SessionEvent.HistoryCleared;
import dev.baton.coordinator.session.SessionEvent.MessageAppended;
import dev.baton.coordinator.session.SessionEvent.StepAssigned;
import dev.baton.coordinator.session.SessionEvent.StepCompleted;
import dev.baton.coordinator.session.SessionEvent.StepFailed;
import dev.baton.coordinator.session.SessionEvent.StepResultIgnored;
import dev.baton.coordinator.session.SessionEvent.TurnCompleted;
import dev.baton.coordinator.session.SessionEvent.TurnEnded;
import dev.baton.coordinator.session.SessionEvent.TurnFailed;
import dev.baton.coordinator.session.SessionEvent.TurnQueued;
import dev.baton.coordinator.session.SessionEvent.TurnRejected;
import dev.baton.coordinator.session.SessionEvent.TurnStarted;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

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

  /** A model that enforces {@code limits}. */
  public SessionModel(SessionLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /** The limits this model enforces. */
  public SessionLimits limits() {
    return limits;
  }

  /**
   * The events {@code command} causes in {@code state} at time {@code now}, in order. Never empty.
   *
   * @throws IllegalArgumentException if the command is for another session than the state
   */
  public List<SessionEvent> decide(SessionState state, SessionCommand command, Instant now) {
    requireSameSession(state, command.sessionId());
    Decision decision = new Decision(state, Objects.requireNonNull(now, "now"));
    switch (command) {
      case SubmitTurn submit -> submitTurn(decision, submit);
      case ClearHistory clear -> clearHistory(decision);
      case CompleteStep result -> completeStep(decision, result);
      case FailStep result -> failStep(decision, result);
    }
    return decision.events;
  }

  /** The state after {@code event}. */
  public SessionState apply(SessionState state, SessionEvent event) {
    requireSameSession(state, event.sessionId());
    return switch (event) {
      case TurnQueued e -> state.withQueued(new QueuedTurn(e.turnId(), e.input(), e.at()));
      case TurnStarted e -> state.withStarted(e.turnId(), e.at());
      case MessageAppended e -> state.withNextSeq(e.message().seq() + 1);
      case StepAssigned e ->
          state.withActiveTurn(
              activeTurn(state).withAssignment(e.assignment()), e.assignment().fencingToken());
      case StepCompleted e -> withAttemptFinished(state, e.usage());
      case StepFailed e -> withAttemptFinished(state, e.usage());
      case TurnEnded e ->
          state.withTurnEnded(new FinishedTurn(e.turnId(), e.status()), limits.rememberedTurns());
      case HistoryCleared e -> state.withHistoryStart(e.cleared().toSeq());
      case TurnRejected e -> state;
      case DuplicateTurnSubmitted e -> state;
      case StepResultIgnored e -> state;
    };
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
    } else if (d.state.isIdle()) {
      startTurn(d, submit.turnId(), submit.input());
    } else {
      submitWhileBusy(d, submit);
    }
  }

  private void submitWhileBusy(Decision d, SubmitTurn submit) {
    String active = activeTurn(d.state).turnId();
    int queued = d.state.queue().size();
    switch (submit.onBusy()) {
      case REJECT -> d.reject(submit, RejectionCode.SESSION_BUSY, "turn " + active + " is active");
      case ENQUEUE -> {
        if (queued >= limits.queueCapacity()) {
          d.reject(submit, RejectionCode.QUEUE_FULL, "queue is full at " + queued + " turns");
        } else {
          d.emit(new TurnQueued(d.sessionId(), submit.turnId(), submit.input(), queued + 1, d.now));
        }
      }
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
    StepAttempt failed = result.assignment();
    if (ignoredAsNotCurrent(d, failed)) {
      return;
    }
    d.emit(
        new StepFailed(
            d.sessionId(), failed, result.error(), result.retryable(), result.usage(), d.now));
    if (result.retryable() && failed.attempt() < limits.maxStepAttempts()) {
      assignStep(d, failed.step(), failed.attempt() + 1);
    } else {
      endTurn(
          d, new TurnFailed(d.sessionId(), failed.turnId(), result.error(), turnUsage(d), d.now));
    }
  }

  // Building blocks shared by the handlers.

  private void startTurn(Decision d, String turnId, String input) {
    d.emit(new TurnStarted(d.sessionId(), turnId, d.now));
    d.appendMessage(Message.Role.USER, input, turnId);
    assignStep(d, 1, 1);
  }

  private void assignStep(Decision d, int step, int attempt) {
    ActiveTurn turn = activeTurn(d.state);
    long token = d.state.lastFencingToken() + 1;
    StepAttempt assignment = new StepAttempt(turn.turnId(), step, attempt, token);
    d.emit(new StepAssigned(d.sessionId(), assignment, context(d.state, turn), d.now));
  }

  private HistoryRange context(SessionState state, ActiveTurn turn) {
    long latest = state.nextSeq() - limits.contextMessages();
    long from = Math.max(state.historyStart(), Math.min(turn.firstSeq(), latest));
    return new HistoryRange(from, state.nextSeq());
  }

  private void endTurn(Decision d, TurnEnded end) {
    d.emit(end);
    d.state.queue().stream()
        .findFirst()
        .ifPresent(next -> startTurn(d, next.turnId(), next.input()));
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

  private static Usage turnUsage(Decision d) {
    return activeTurn(d.state).usage();
  }

  private static SessionState withAttemptFinished(SessionState state, Usage usage) {
    return state.withActiveTurn(
        activeTurn(state).withAttemptFinished(usage), state.lastFencingToken());
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
      emit(
          new MessageAppended(
              sessionId(), new Message(state.nextSeq(), role, content, turnId), now));
    }

    void reject(SubmitTurn submit, RejectionCode code, String detail) {
      emit(new TurnRejected(sessionId(), submit.turnId(), code, detail, now));
    }
  }
}
