package dev.baton.coordinator.session;

import dev.baton.coordinator.session.SessionCommand.CancelTurn;
import dev.baton.coordinator.session.SessionCommand.CheckTimers;
import dev.baton.coordinator.session.SessionCommand.ClearHistory;
import dev.baton.coordinator.session.SessionCommand.CompleteStep;
import dev.baton.coordinator.session.SessionCommand.DecideToolCallApproval;
import dev.baton.coordinator.session.SessionCommand.FailStep;
import dev.baton.coordinator.session.SessionCommand.FinishToolCall;
import dev.baton.coordinator.session.SessionCommand.ForkSession;
import dev.baton.coordinator.session.SessionCommand.PauseSession;
import dev.baton.coordinator.session.SessionCommand.RefuseFork;
import dev.baton.coordinator.session.SessionCommand.RefuseOversizeOutcome;
import dev.baton.coordinator.session.SessionCommand.RenewLease;
import dev.baton.coordinator.session.SessionCommand.ReportToolCallNotStarted;
import dev.baton.coordinator.session.SessionCommand.RequestToolCalls;
import dev.baton.coordinator.session.SessionCommand.ResumeSession;
import dev.baton.coordinator.session.SessionCommand.SeedFork;
import dev.baton.coordinator.session.SessionCommand.SubmitTurn;
import dev.baton.coordinator.session.SessionEvent.CommandIgnored;
import dev.baton.coordinator.session.SessionEvent.DispatchHeld;
import dev.baton.coordinator.session.SessionEvent.DuplicateTurnSubmitted;
import dev.baton.coordinator.session.SessionEvent.HistoryCleared;
import dev.baton.coordinator.session.SessionEvent.HistoryRolledBack;
import dev.baton.coordinator.session.SessionEvent.LeaseExtended;
import dev.baton.coordinator.session.SessionEvent.SessionExpired;
import dev.baton.coordinator.session.SessionEvent.SessionPaused;
import dev.baton.coordinator.session.SessionEvent.SessionResumed;
import dev.baton.coordinator.session.SessionEvent.StepAssigned;
import dev.baton.coordinator.session.SessionEvent.StepCompleted;
import dev.baton.coordinator.session.SessionEvent.StepFailed;
import dev.baton.coordinator.session.SessionEvent.TurnAccepted;
import dev.baton.coordinator.session.SessionEvent.TurnCancelled;
import dev.baton.coordinator.session.SessionEvent.TurnCompleted;
import dev.baton.coordinator.session.SessionEvent.TurnEnded;
import dev.baton.coordinator.session.SessionEvent.TurnFailed;
import dev.baton.coordinator.session.SessionEvent.TurnMerged;
import dev.baton.coordinator.session.SessionEvent.TurnQueued;
import dev.baton.coordinator.session.SessionEvent.TurnRejected;
import dev.baton.coordinator.session.SessionEvent.TurnStarted;
import dev.baton.coordinator.session.SessionEvent.TurnSteered;
import dev.baton.coordinator.session.SessionState.KnownTurn;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The session state machine. {@code decide} validates a command against the state and answers with
 * a {@link Decision}: the events, and the state they lead to; {@code apply} folds one event into
 * the state and never decides anything. Pure: no I/O and no clock, so the same state, command and
 * time always give the same events. This file tells what happens to a submitted turn, top-down;
 * {@link ToolDispatch} decides what happens to the tool calls a step asks for.
 *
 * <pre>{@code
 * SessionModel model = new SessionModel(SessionLimits.defaults());
 * SessionState state = SessionState.empty("s-1");
 * Decision decision =
 *     model.decide(state, new SubmitTurn("s-1", "t-1", "Hello", OnBusy.ENQUEUE), now);
 * decision.events(); // TurnAccepted, TurnStarted, MessageAppended, StepAssigned
 * state = decision.state();
 * }</pre>
 */
public final class SessionModel {

  private final SessionLimits limits;
  private final OperationClassifier classifier;
  private final SessionTransitions transitions;
  private final ToolDispatch tools;

  /** A model that enforces {@code limits} and classifies tool calls by the default rules. */
  public SessionModel(SessionLimits limits) {
    this(limits, OperationClassifier.defaults());
  }

  /** A model that enforces {@code limits} and classifies tool calls with {@code classifier}. */
  public SessionModel(SessionLimits limits, OperationClassifier classifier) {
    this(limits, classifier, ApprovalPolicy.DEFAULTS);
  }

  /**
   * A model that enforces {@code limits}, classifies tool calls with {@code classifier} and holds
   * the calls that need approval by {@code approvals} until a person decides them.
   */
  public SessionModel(
      SessionLimits limits, OperationClassifier classifier, ApprovalPolicy approvals) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.classifier = Objects.requireNonNull(classifier, "classifier");
    this.transitions = new SessionTransitions(limits);
    this.tools =
        new ToolDispatch(
            new Steps(), limits, classifier, Objects.requireNonNull(approvals, "approvals"));
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
   * The events {@code command} causes in {@code state} at time {@code now}, in order, and the state
   * after them. Never without events, except for a {@link CheckTimers} when nothing is due.
   *
   * <p>If the active turn's deadline has passed, the decision first fails that turn ({@code
   * LIMIT_TURN_DEADLINE}, and the next queued turn starts), then decides the command in the
   * resulting state: a late result of the failed turn is ignored.
   *
   * @throws IllegalArgumentException if the command is for another session than the state
   */
  public Decision decide(SessionState state, SessionCommand command, Instant now) {
    requireSameSession(state, command.sessionId());
    DecisionDraft d = new DecisionDraft(transitions, state, Objects.requireNonNull(now, "now"));
    failIfPastDeadline(d);
    switch (command) {
      case SubmitTurn submit -> submitTurn(d, submit);
      case ClearHistory clear -> clearHistory(d);
      case CompleteStep result -> completeStep(d, result);
      case FailStep result -> failStep(d, result);
      case RequestToolCalls result -> tools.requestToolCalls(d, result);
      case FinishToolCall result -> tools.finishToolCall(d, result);
      case ReportToolCallNotStarted report -> tools.reportNotStarted(d, report);
      case CancelTurn cancel -> cancelTurn(d, cancel);
      case PauseSession pause -> pauseSession(d, pause);
      case ResumeSession resume -> resumeSession(d, resume);
      case RenewLease renew -> renewLease(d, renew);
      case CheckTimers check -> checkTimers(d);
      case RefuseOversizeOutcome refusal -> refuseOversize(d, refusal);
      case ForkSession fork -> SessionForks.fork(d, fork);
      case SeedFork seed -> SessionForks.seed(d, seed);
      case RefuseFork refusal -> SessionForks.refused(d, refusal);
      case DecideToolCallApproval decision -> tools.approvals().decide(d, decision);
    }
    return d.finish();
  }

  /** The state after {@code event}. */
  public SessionState apply(SessionState state, SessionEvent event) {
    requireSameSession(state, event.sessionId());
    return transitions.apply(state, event);
  }

  /** The state after all {@code events}, in order. */
  public SessionState applyAll(SessionState state, List<? extends SessionEvent> events) {
    SessionState result = state;
    for (SessionEvent event : events) {
      result = apply(result, event);
    }
    return result;
  }

  // A submitted turn: it is a duplicate, invalid, waits, is rejected, or starts.

  private void submitTurn(DecisionDraft d, SubmitTurn submit) {
    Optional<KnownTurn> existing =
        d.state.knownTurn(submit.turnId(), limits.turnIdsRememberedSince(d.now));
    Optional<InputProblem> invalid =
        limits.problemWith(submit.turnId(), submit.input(), submit.metadata());
    if (existing.isPresent()) {
      repeatedTurnId(d, submit, existing.get());
    } else if (invalid.isPresent()) {
      reject(d, submit, invalid.get().code(), invalid.get().detail());
    } else if (d.state.paused()) {
      submitWhilePaused(d, submit);
    } else if (d.state.isIdle()) {
      accept(d, submit);
      startSubmitted(d, submit);
    } else {
      submitWhileBusy(d, submit);
    }
  }

  /**
   * A submit of a known turn's id: a repeat of the turn if the input is the same (or the turn's
   * input is not known), otherwise refused, since it would be taken for the other turn.
   */
  private static void repeatedTurnId(DecisionDraft d, SubmitTurn submit, KnownTurn known) {
    boolean otherInput =
        known.inputDigest().filter(dg -> !dg.equals(InputDigest.of(submit.input()))).isPresent();
    if (otherInput) {
      String detail =
          "turn " + submit.turnId() + " (" + known.status() + ") was submitted with another input";
      reject(d, submit, RejectionCode.TURN_ID_REUSED, detail);
    } else {
      d.emit(new DuplicateTurnSubmitted(d.sessionId(), submit.turnId(), known.status(), d.now));
    }
  }

  /**
   * While paused, an enqueue waits for the resume; a steer joins the active turn, if any; a merge,
   * and a steer without an active turn, joins the newest queued turn, if any: a steer queued as a
   * turn of its own behind another would let the steers sent after it join that turn first.
   */
  private void submitWhilePaused(DecisionDraft d, SubmitTurn submit) {
    if (submit.onBusy() == OnBusy.STEER && !d.state.isIdle()) {
      steer(d, submit);
    } else if (submit.onBusy() == OnBusy.MERGE || submit.onBusy() == OnBusy.STEER) {
      merge(d, submit);
    } else if (submit.onBusy() == OnBusy.ENQUEUE) {
      enqueue(d, submit);
    } else {
      reject(
          d,
          submit,
          RejectionCode.SESSION_PAUSED,
          "the session is paused; only onBusy ENQUEUE, STEER or MERGE is accepted, and waits for"
              + " the resume");
    }
  }

  private void submitWhileBusy(DecisionDraft d, SubmitTurn submit) {
    String active = d.activeTurn().turnId();
    switch (submit.onBusy()) {
      case REJECT -> reject(d, submit, RejectionCode.SESSION_BUSY, "turn " + active + " is active");
      case ENQUEUE -> enqueue(d, submit);
      case STEER -> steer(d, submit);
      case MERGE -> merge(d, submit);
      case INTERRUPT -> {
        cancelActive(d, CancelReason.INTERRUPTED, Optional.of(submit.turnId()), Optional.empty());
        accept(d, submit);
        startSubmitted(d, submit);
      }
      case ROLLBACK -> {
        HistoryRange appended = new HistoryRange(d.activeTurn().firstSeq(), d.state.nextSeq());
        cancelActive(d, CancelReason.ROLLED_BACK, Optional.of(submit.turnId()), Optional.empty());
        d.emit(new HistoryRolledBack(d.sessionId(), appended, d.now));
        accept(d, submit);
        startSubmitted(d, submit);
      }
    }
  }

  private void enqueue(DecisionDraft d, SubmitTurn submit) {
    if (refusedAsFull(d, submit)) {
      return;
    }
    int queued = d.state.queue().size();
    accept(d, submit);
    d.emit(
        new TurnQueued(
            d.sessionId(),
            submit.turnId(),
            submit.input(),
            queued + 1,
            submit.deadline(),
            InputDigest.of(submit.input()),
            submit.metadata(),
            d.now));
  }

  /**
   * The input joins the active turn and waits for its next agent step ({@link #assignStep}), or for
   * its end ({@link #endActive}).
   */
  private void steer(DecisionDraft d, SubmitTurn submit) {
    if (refusedAsFull(d, submit)) {
      return;
    }
    ActiveTurn turn = d.activeTurn();
    accept(d, submit);
    d.emit(
        new TurnSteered(
            d.sessionId(),
            submit.turnId(),
            turn.turnId(),
            submit.input(),
            turn.steering().size() + 1,
            submit.deadline(),
            InputDigest.of(submit.input()),
            submit.metadata(),
            d.now));
  }

  /**
   * The input joins the newest queued turn as a user message of its own, appended when that turn
   * starts; without a queued turn, it is queued as a turn of its own.
   */
  private void merge(DecisionDraft d, SubmitTurn submit) {
    boolean debouncing = d.state.activeTurn().filter(t -> t.debouncing(d.now)).isPresent();
    if (d.state.queue().isEmpty() && debouncing) {
      steer(d, submit); // The turn waits out its debounce: its first step carries the input.
      return;
    }
    if (d.state.queue().isEmpty()) {
      enqueue(d, submit);
      return;
    }
    if (refusedAsFull(d, submit)) {
      return;
    }
    QueuedTurn newest = d.state.queue().getLast();
    accept(d, submit);
    d.emit(
        new TurnMerged(
            d.sessionId(),
            submit.turnId(),
            newest.turnId(),
            submit.input(),
            newest.merged().size() + 1,
            InputDigest.of(submit.input()),
            submit.metadata(),
            d.now));
  }

  /** Rejects {@code submit} if the queued turns and waiting steered inputs fill the queue. */
  private boolean refusedAsFull(DecisionDraft d, SubmitTurn submit) {
    int waiting = d.state.waiting();
    if (waiting < limits.queueCapacity()) {
      return false;
    }
    int queued = d.state.queue().size();
    String detail =
        waiting == queued
            ? "queue is full at " + queued + " turns"
            : "queue is full at " + queued + " turns and " + (waiting - queued) + " joined inputs";
    reject(d, submit, RejectionCode.QUEUE_FULL, detail);
    return true;
  }

  private static void accept(DecisionDraft d, SubmitTurn submit) {
    d.emit(
        new TurnAccepted(
            d.sessionId(),
            submit.turnId(),
            submit.input(),
            submit.onBusy(),
            submit.deadline(),
            submit.metadata(),
            d.now));
  }

  private static void reject(
      DecisionDraft d, SubmitTurn submit, RejectionCode code, String detail) {
    Optional<String> active = d.state.activeTurn().map(ActiveTurn::turnId);
    d.emit(new TurnRejected(d.sessionId(), submit.turnId(), code, detail, active, d.now));
  }

  private void startSubmitted(DecisionDraft d, SubmitTurn submit) {
    String input = submit.input();
    startTurn(
        d, submit.turnId(), input, submit.deadline(), InputDigest.of(input), submit.metadata());
    submit
        .debounce()
        .filter(debounce -> debounce.isPositive())
        .ifPresentOrElse(debounce -> holdFirstStep(d, debounce), () -> assignStep(d, 1, 1));
  }

  /** Starts a queued turn: its first step goes out at once. */
  private void startQueued(DecisionDraft d, QueuedTurn next) {
    startTurn(d, next.turnId(), next.input(), next.deadline(), next.inputDigest(), next.metadata());
    assignStep(d, 1, 1);
  }

  private void startTurn(
      DecisionDraft d,
      String turnId,
      String input,
      Optional<Duration> deadline,
      InputDigest inputDigest,
      Map<String, String> metadata) {
    Instant due = d.now.plus(deadline.orElse(limits.turnDeadline()));
    d.emit(new TurnStarted(d.sessionId(), turnId, Optional.of(due), inputDigest, metadata, d.now));
    d.appendMessage(Message.Role.USER, input, turnId);
  }

  /**
   * The turn's first step waits out {@code debounce}: inputs steered or merged into the turn
   * meanwhile go out with it, when {@link #checkTimers} finds the debounce over.
   */
  private static void holdFirstStep(DecisionDraft d, Duration debounce) {
    StepAttempt first =
        new StepAttempt(d.activeTurn().turnId(), 1, 1, d.state.lastFencingToken() + 1);
    d.emit(new DispatchHeld(d.sessionId(), first, Optional.of(d.now.plus(debounce)), d.now));
  }

  /**
   * Sends step {@code step} of the active turn out, or holds it while the session is paused. The
   * inputs steered into the turn that wait are appended first, as user messages after the turn's
   * messages so far (its tool results), so that this step is the first to see them.
   */
  private void assignStep(DecisionDraft d, int step, int attempt) {
    ActiveTurn turn = d.activeTurn();
    long token = d.state.lastFencingToken() + 1;
    StepAttempt assignment = new StepAttempt(turn.turnId(), step, attempt, token);
    if (d.state.paused()) {
      d.emit(new DispatchHeld(d.sessionId(), assignment, d.now));
      return;
    }
    List<SteeredMessage> delivered = new ArrayList<>();
    for (QueuedTurn waiting : turn.steering()) {
      d.appendMessage(Message.Role.USER, waiting.input(), turn.turnId());
      long seq = d.state.nextSeq() - 1;
      delivered.add(new SteeredMessage(waiting.turnId(), waiting.inputDigest(), seq, assignment));
    }
    List<Long> steeredSeqs =
        Stream.concat(turn.steered().stream(), delivered.stream())
            .map(SteeredMessage::seq)
            .toList();
    d.emit(
        new StepAssigned(
            d.sessionId(),
            assignment,
            context(d.state, turn),
            turn.firstSeq(),
            terms(turn),
            delivered,
            steeredSeqs,
            turn.metadata(),
            d.now));
  }

  /** The lease and deadline that go out with work of {@code turn}. */
  private WorkTerms terms(ActiveTurn turn) {
    return new WorkTerms(limits.lease(), turn.deadline());
  }

  private HistoryRange context(SessionState state, ActiveTurn turn) {
    long latest = state.nextSeq() - limits.contextMessages();
    long from = Math.max(state.historyStart(), Math.min(turn.firstSeq(), latest));
    return new HistoryRange(from, state.nextSeq());
  }

  // A step's result: the answer ends the turn; a failure is retried or fails the turn.

  private void completeStep(DecisionDraft d, CompleteStep result) {
    if (CurrentWork.ignoredUnlessCurrentStep(d, result.assignment(), result.workerId())) {
      return;
    }
    long bytes = Utf8.length(result.answer());
    int max = limits.payloads().maxAnswerBytes();
    if (bytes > max) {
      Failure tooLarge = Failure.of(FailureCode.LIMIT_ANSWER_BYTES, bytes + " bytes > " + max);
      failAttempt(
          d, result.assignment(), tooLarge, true, result.usage(), Optional.of(result.workerId()));
      return;
    }
    String turnId = result.assignment().turnId();
    d.emit(
        new StepCompleted(
            d.sessionId(), result.assignment(), result.workerId(), 0, result.usage(), d.now));
    d.appendMessage(Message.Role.ASSISTANT, result.answer(), turnId);
    ActiveTurn turn = d.activeTurn();
    long answerSeq = d.state.nextSeq() - 1;
    endTurn(
        d,
        new TurnCompleted(
            d.sessionId(), turnId, result.answer(), answerSeq, turn.step(), turn.usage(), d.now));
  }

  private void failStep(DecisionDraft d, FailStep result) {
    if (CurrentWork.ignoredUnlessCurrentStep(d, result.assignment(), result.workerId())) {
      return;
    }
    failAttempt(
        d,
        result.assignment(),
        result.failure(),
        result.retryable(),
        result.usage(),
        Optional.of(result.workerId()));
  }

  /** Records a failed attempt of an agent step, then tries again or fails the turn. */
  private void failAttempt(
      DecisionDraft d,
      StepAttempt failed,
      Failure failure,
      boolean retryable,
      Usage usage,
      Optional<String> workerId) {
    boolean willRetry = retryable && failed.attempt() < limits.maxStepAttempts();
    d.emit(
        new StepFailed(
            d.sessionId(), failed, failure, retryable, willRetry, workerId, usage, d.now));
    if (willRetry) {
      assignStep(d, failed.step(), failed.attempt() + 1);
    } else {
      failTurn(d, failure);
    }
  }

  /** Ends the active turn as failed; the next queued turn starts. */
  private void failTurn(DecisionDraft d, Failure failure) {
    tools.closeOpenBatch(d, "FAILED: " + failure.code());
    ActiveTurn turn = d.activeTurn();
    endTurn(
        d,
        new TurnFailed(
            d.sessionId(),
            turn.turnId(),
            failure,
            turn.step(),
            turn.usage(),
            d.state.lastFencingToken(),
            d.now));
  }

  private void endTurn(DecisionDraft d, TurnEnded end) {
    endActive(d, end);
    startNextQueued(d);
  }

  /**
   * Ends the active turn with {@code end}. The inputs steered into it that still wait for a step
   * become the next turn, at the front of the queue (they were meant for this turn, so they come
   * next): the first is queued as a turn of its own and the others are merged into it, so that its
   * first step carries them all, in the order they came, before any input sent after them.
   */
  private static void endActive(DecisionDraft d, TurnEnded end) {
    List<QueuedTurn> waiting = d.activeTurn().steering();
    d.emit(end);
    if (waiting.isEmpty()) {
      return;
    }
    QueuedTurn first = waiting.getFirst();
    d.emit(
        new TurnQueued(
            d.sessionId(),
            first.turnId(),
            first.input(),
            1,
            first.deadline(),
            first.inputDigest(),
            first.metadata(),
            d.now));
    for (int i = 1; i < waiting.size(); i++) {
      QueuedTurn input = waiting.get(i);
      d.emit(
          new TurnMerged(
              d.sessionId(),
              input.turnId(),
              first.turnId(),
              input.input(),
              i,
              input.inputDigest(),
              input.metadata(),
              d.now));
    }
  }

  /** Starts the oldest queued turn, if any and if the session is not paused. */
  private void startNextQueued(DecisionDraft d) {
    if (d.state.paused()) {
      return;
    }
    d.state.queue().stream().findFirst().ifPresent(next -> startQueued(d, next));
  }

  private void failIfPastDeadline(DecisionDraft d) {
    Optional<ActiveTurn> turn = d.state.activeTurn();
    Optional<Instant> deadline = turn.flatMap(ActiveTurn::deadline);
    if (deadline.isPresent() && d.now.isAfter(deadline.get())) {
      long ran = Duration.between(turn.get().startedAt(), d.now).toMillis();
      long allowed = Duration.between(turn.get().startedAt(), deadline.get()).toMillis();
      failTurn(d, Failure.of(FailureCode.LIMIT_TURN_DEADLINE, ran + " ms > " + allowed + " ms"));
    }
  }

  // Control commands: cancel, pause, resume, clear, lease renewals and the wall clock.

  private void cancelTurn(DecisionDraft d, CancelTurn cancel) {
    String turnId = cancel.turnId();
    boolean active = d.state.activeTurn().filter(t -> t.turnId().equals(turnId)).isPresent();
    boolean queued = d.state.queue().stream().anyMatch(t -> t.turnId().equals(turnId));
    Optional<TurnStatus> status = d.state.statusOf(turnId);
    Optional<String> joined = d.state.joinedTurn(turnId);
    if (active) {
      cancelActive(d, cancel.reason(), Optional.empty(), cancel.detail());
      startNextQueued(d);
    } else if (queued) {
      d.emit(
          new TurnCancelled(
              d.sessionId(),
              turnId,
              cancel.reason(),
              Optional.empty(),
              cancel.detail(),
              Usage.ZERO,
              0L, // A queued turn has no work that could still run.
              d.now));
    } else if (joined.isPresent()) {
      String into = joined.get();
      ignore(d, "turn " + turnId + " joined turn " + into + "; cancel " + into);
    } else {
      String why = status.map(s -> " already ended " + s).orElse(" is unknown");
      ignore(d, "turn " + turnId + why + "; nothing to " + cancel.reason());
    }
  }

  /**
   * Ends the active turn as cancelled, without starting another. Its open tool batch is closed
   * first (the results received, a synthetic one for every other call), so that the transcript
   * stays valid for LLM APIs; not for a rollback, whose messages are removed anyway.
   */
  private void cancelActive(
      DecisionDraft d, CancelReason reason, Optional<String> byTurnId, Optional<String> detail) {
    if (reason != CancelReason.ROLLED_BACK) {
      tools.closeOpenBatch(d, reason.name());
    }
    ActiveTurn turn = d.activeTurn();
    endActive(
        d,
        new TurnCancelled(
            d.sessionId(),
            turn.turnId(),
            reason,
            byTurnId,
            detail,
            turn.usage(),
            d.state.lastFencingToken(),
            d.now));
  }

  private void pauseSession(DecisionDraft d, PauseSession pause) {
    if (d.state.paused()) {
      ignore(d, "the session is already paused");
    } else {
      d.emit(new SessionPaused(d.sessionId(), pause.reason(), d.now));
    }
  }

  private void resumeSession(DecisionDraft d, ResumeSession resume) {
    if (!d.state.paused()) {
      ignore(d, "the session is not paused");
      return;
    }
    d.emit(new SessionResumed(d.sessionId(), resume.reason(), d.now));
    Optional<ActiveTurn> turn = d.state.activeTurn();
    if (turn.isEmpty()) {
      startNextQueued(d);
    } else if (turn.get().held().isPresent()) {
      releaseHeldStep(d, turn.get());
    } else if (turn.get().tools().isPresent()) {
      tools.releaseWaitingCalls(d);
    }
  }

  /**
   * Extends the lease of the turn's current work: its agent step, or its tool batch, for which a
   * renewal that names a dispatch counts only from the call's current dispatch.
   */
  private void renewLease(DecisionDraft d, RenewLease renew) {
    Optional<ActiveTurn> turn = d.state.activeTurn();
    boolean currentStep =
        turn.flatMap(ActiveTurn::assignment).equals(Optional.of(renew.assignment()));
    boolean currentBatch =
        turn.flatMap(ActiveTurn::tools)
            .filter(batch -> batch.assignment().equals(renew.assignment()))
            .isPresent();
    if (currentBatch && CurrentWork.ignoredUnlessCurrentDispatchRenews(d, renew)) {
      return;
    }
    if (currentStep || currentBatch) {
      d.emit(
          new LeaseExtended(d.sessionId(), renew.assignment(), d.now.plus(limits.lease()), d.now));
    } else {
      ignore(d, "lease renewal of " + renew.assignment() + ", not current work");
    }
  }

  /** Sends the held step of {@code turn} out, unless it still waits out its debounce. */
  private void releaseHeldStep(DecisionDraft d, ActiveTurn turn) {
    if (turn.work() instanceof TurnWork.StepHeld held && !held.debouncing(d.now)) {
      assignStep(d, held.assignment().step(), held.assignment().attempt());
    }
  }

  private void checkTimers(DecisionDraft d) {
    tools.approvals().expireIfDue(d);
    Optional<ActiveTurn> debounced =
        d.state
            .activeTurn()
            .filter(t -> t.work() instanceof TurnWork.StepHeld h && h.until().isPresent());
    if (debounced.isPresent() && !d.state.paused()) {
      releaseHeldStep(d, debounced.get());
    }
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
              d.state.history(),
              d.now));
    }
  }

  /** Nothing was heard of the work that is out for a whole lease: send it out again. */
  private void expireLease(DecisionDraft d, ActiveTurn turn) {
    if (turn.assignment().isPresent()) {
      String silence = "no result or lease renewal within " + limits.lease().toMillis() + " ms";
      Failure expired = Failure.of(FailureCode.LEASE_EXPIRED, silence);
      failAttempt(d, turn.assignment().get(), expired, true, Usage.ZERO, Optional.empty());
    } else {
      tools.expireLease(d);
    }
  }

  /**
   * The outcome of a command cannot be written: the submitted turn is rejected (a queue too large
   * to store is full), a fork is refused ({@link ForkRefusal#HISTORY_TOO_LARGE}), or the active
   * turn fails with {@link FailureCode#LIMIT_RECORD_SIZE}.
   */
  private void refuseOversize(DecisionDraft d, RefuseOversizeOutcome refusal) {
    String detail = "the outcome of " + commandName(refusal.refused()) + " " + refusal.detail();
    if (refusal.refused() instanceof ForkSession fork) {
      SessionForks.refuseOversize(d, fork, refusal.detail());
    } else if (refusal.refused() instanceof SeedFork seed) {
      SessionForks.refuseOversize(d, seed, detail);
    } else if (refusal.refused() instanceof SubmitTurn submit) {
      boolean waits = d.state.paused() || !d.state.isIdle();
      reject(d, submit, waits ? RejectionCode.QUEUE_FULL : RejectionCode.INPUT_TOO_LARGE, detail);
    } else if (d.state.activeTurn().isPresent()) {
      failTurn(d, Failure.of(FailureCode.LIMIT_RECORD_SIZE, detail));
    } else {
      ignore(d, detail);
    }
  }

  private static String commandName(SessionCommand command) {
    return command.getClass().getSimpleName();
  }

  private void clearHistory(DecisionDraft d) {
    // The active turn keeps its messages so that its later steps still see their own turn.
    long end = d.state.activeTurn().map(ActiveTurn::firstSeq).orElse(d.state.nextSeq());
    d.emit(new HistoryCleared(d.sessionId(), new HistoryRange(d.state.historyStart(), end), d.now));
  }

  private static void ignore(DecisionDraft d, String why) {
    d.emit(new CommandIgnored(d.sessionId(), why, d.now));
  }

  /** The model's turn steps, as tool dispatch may ask for them. */
  private final class Steps implements TurnSteps {

    @Override
    public void assignStep(DecisionDraft d, int step, int attempt) {
      SessionModel.this.assignStep(d, step, attempt);
    }

    @Override
    public WorkTerms terms(ActiveTurn turn) {
      return SessionModel.this.terms(turn);
    }

    @Override
    public void failAttempt(
        DecisionDraft d,
        StepAttempt failed,
        Failure failure,
        boolean retryable,
        Usage usage,
        Optional<String> workerId) {
      SessionModel.this.failAttempt(d, failed, failure, retryable, usage, workerId);
    }

    @Override
    public void failTurn(DecisionDraft d, Failure failure) {
      SessionModel.this.failTurn(d, failure);
    }
  }

  private static void requireSameSession(SessionState state, String sessionId) {
    if (!state.sessionId().equals(sessionId)) {
      throw new IllegalArgumentException(
          "state of session " + state.sessionId() + " got input for session " + sessionId);
    }
  }
}
