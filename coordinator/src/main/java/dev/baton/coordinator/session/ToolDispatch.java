package dev.baton.coordinator.session;

import dev.baton.coordinator.session.SessionCommand.FinishToolCall;
import dev.baton.coordinator.session.SessionCommand.ReportToolCallNotStarted;
import dev.baton.coordinator.session.SessionCommand.RequestToolCalls;
import dev.baton.coordinator.session.SessionEvent.DispatchModeChanged;
import dev.baton.coordinator.session.SessionEvent.StepCompleted;
import dev.baton.coordinator.session.SessionEvent.ToolCallAwaitingApproval;
import dev.baton.coordinator.session.SessionEvent.ToolCallDeferred;
import dev.baton.coordinator.session.SessionEvent.ToolCallFinished;
import dev.baton.coordinator.session.SessionEvent.ToolCallRedispatched;
import dev.baton.coordinator.session.SessionEvent.ToolCallWaveDispatched;
import dev.baton.coordinator.session.SessionEvent.ToolCallsDispatched;
import dev.baton.coordinator.session.SessionEvent.ToolResultIgnored;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The part of the session model that decides what happens to the tool calls a step asks for: they
 * are classified and dispatched as one batch, their results are collected, calls that did not start
 * go out again (or wait for their wave in ordered dispatch), and once every result is in the turn's
 * next step is assigned. It works on the same {@link DecisionDraft} as the turns.
 */
final class ToolDispatch {

  private final TurnSteps turns;
  private final SessionLimits limits;
  private final OperationClassifier classifier;
  private final ApprovalPolicy approvalPolicy;
  private final ToolApprovals approvals;

  ToolDispatch(
      TurnSteps turns,
      SessionLimits limits,
      OperationClassifier classifier,
      ApprovalPolicy approvalPolicy) {
    this.turns = turns;
    this.limits = limits;
    this.classifier = classifier;
    this.approvalPolicy = approvalPolicy;
    this.approvals = new ToolApprovals(this, turns, limits, approvalPolicy);
  }

  /** The decisions on the calls that wait for approval. */
  ToolApprovals approvals() {
    return approvals;
  }

  /** The agent asks for tool calls: the step completes and its calls go out as one batch. */
  void requestToolCalls(DecisionDraft d, RequestToolCalls result) {
    StepAttempt step = result.assignment();
    if (CurrentWork.ignoredUnlessCurrentStep(d, step, result.workerId())) {
      return;
    }
    Optional<Failure> invalid =
        invalidCalls(result.calls())
            .map(why -> Failure.of(FailureCode.INVALID_TOOL_CALLS, why))
            .or(
                () ->
                    limits
                        .payloads()
                        .problemWithToolCalls(result.content(), result.calls())
                        .map(why -> Failure.of(FailureCode.LIMIT_TOOL_CALL_BYTES, why)));
    if (invalid.isPresent()) {
      turns.failAttempt(
          d, step, invalid.get(), true, result.usage(), Optional.of(result.workerId()));
      return;
    }
    int calls = result.calls().size();
    d.emit(new StepCompleted(d.sessionId(), step, result.workerId(), calls, result.usage(), d.now));
    Optional<Failure> overLimit = overLimit(step, calls);
    if (overLimit.isPresent()) {
      turns.failTurn(d, overLimit.get());
      return;
    }
    List<ToolCall> classified = classified(result.calls());
    List<ToolCall> needApproval =
        IntStream.range(0, calls)
            .filter(i -> approvalPolicy.needsApproval(result.calls().get(i)))
            .mapToObj(classified::get)
            .toList();
    dispatchBatch(d, step, result.content(), classified, needApproval);
  }

  /**
   * The limit {@code calls} calls of {@code step} break, if any. The calls' results need another
   * agent step, so the turn fails before any tool runs if there is none.
   */
  private Optional<Failure> overLimit(StepAttempt step, int calls) {
    if (calls > limits.maxCallsPerStep()) {
      String detail = calls + " > " + limits.maxCallsPerStep();
      return Optional.of(Failure.of(FailureCode.LIMIT_CALLS_PER_STEP, detail));
    }
    if (step.step() + 1 > limits.maxStepsPerTurn()) {
      String detail = (step.step() + 1) + " > " + limits.maxStepsPerTurn();
      return Optional.of(Failure.of(FailureCode.LIMIT_STEPS_PER_TURN, detail));
    }
    return Optional.empty();
  }

  /**
   * The assistant message with the calls, then the batch under one new fencing token. The batch
   * reserves a dispatch token for every dispatch a call may have: {@code maxStepAttempts} counted
   * ones and one more for a call sent in order after it waited for the lock. If calls need
   * approval, the batch is held, those calls wait for their approval, and the others go out as a
   * wave, as far as the turn lock would let them run before the calls that wait.
   */
  private void dispatchBatch(
      DecisionDraft d,
      StepAttempt step,
      String content,
      List<ToolCall> toolCalls,
      List<ToolCall> needApproval) {
    d.appendMessage(
        new Message(
            d.state.nextSeq(),
            Message.Role.ASSISTANT,
            content,
            step.turnId(),
            toolCalls,
            Optional.empty()));
    StepAttempt batch =
        new StepAttempt(step.turnId(), step.step(), 1, d.state.lastFencingToken() + 1);
    ActiveTurn turn = d.activeTurn();
    d.emit(
        new ToolCallsDispatched(
            d.sessionId(),
            batch,
            turn.dispatchMode(),
            toolCalls,
            d.state.paused() || !needApproval.isEmpty(),
            turns.terms(turn),
            limits.maxStepAttempts() + 1,
            !needApproval.isEmpty(),
            d.now));
    for (ToolCall call : needApproval) {
      d.emit(
          new ToolCallAwaitingApproval(
              d.sessionId(),
              batch,
              call,
              ApprovalPolicy.APPROVERS,
              d.now.plus(approvalPolicy.timeout()),
              d.now));
    }
    releaseUnlessPaused(d);
  }

  /** Sends what may go out now, unless the session is paused: see {@link #releaseWaitingCalls}. */
  void releaseUnlessPaused(DecisionDraft d) {
    if (!d.state.paused()) {
      releaseWaitingCalls(d);
    }
  }

  /**
   * A call was denied: its result is in. The batch completes, or, if a later call that conflicts
   * with it has no result yet and the calls take the turn lock, the rest of the turn is dispatched
   * in order: the denied call never releases its place in the lock, so a later call would wait for
   * it there. Then what may go out now goes.
   */
  void afterDenial(DecisionDraft d, ToolCall call) {
    ToolBatch batch = d.toolBatch();
    if (batch.isComplete()) {
      completeBatch(d);
      return;
    }
    if (batch.mode() == DispatchMode.PARALLEL && batch.conflictsWithALaterOpenCall(call)) {
      String why =
          "call "
              + call.callId()
              + " of "
              + call.name()
              + " was not approved: it never holds the turn lock, so the calls after it go in order";
      d.emit(
          new DispatchModeChanged(
              d.sessionId(),
              batch.assignment(),
              DispatchMode.PARALLEL,
              DispatchMode.SEQUENTIAL,
              why,
              d.now));
    }
    releaseUnlessPaused(d);
  }

  private List<ToolCall> classified(List<ToolCallRequest> requests) {
    List<OperationClass> classes = classifier.classifyStep(requests);
    return IntStream.range(0, requests.size())
        .mapToObj(
            i -> {
              ToolCallRequest call = requests.get(i);
              return new ToolCall(
                  call.callId(), i, call.name(), call.argumentsJson(), classes.get(i));
            })
        .toList();
  }

  /** A call's result: recorded; the last one of the batch appends the results and a new step. */
  void finishToolCall(DecisionDraft d, FinishToolCall result) {
    if (CurrentWork.ignoredUnlessCurrentCall(
        d, result.assignment(), result.callId(), result.dispatchToken(), true, result.workerId())) {
      return;
    }
    ToolCall call = d.toolBatch().call(result.callId()).orElseThrow();
    d.emit(
        new ToolCallFinished(
            d.sessionId(),
            result.assignment(),
            call,
            kept(result.result(), call),
            result.startedAt(),
            result.finishedAt(),
            result.lockWaitMs(),
            result.workerId(),
            result.dispatchToken(),
            d.now));
    if (!d.toolBatch().isComplete()) {
      dispatchNextWave(d);
      return;
    }
    completeBatch(d);
  }

  /** Every call has its result: the tool messages in call order, then the turn's next step. */
  private void completeBatch(DecisionDraft d) {
    ToolBatch batch = d.toolBatch();
    for (ToolResult toolResult : batch.resultsInCallOrder()) {
      appendToolMessage(d, batch.assignment().turnId(), toolResult);
    }
    turns.assignStep(d, batch.assignment().step() + 1, 1);
  }

  /**
   * {@code result}, or if it is over {@link PayloadLimits#maxToolResultBytes()}, an error result
   * that says so in its place: the agent learns the call ran but its output was too large to keep.
   */
  private ToolResult kept(ToolResult result, ToolCall call) {
    long bytes = Utf8.length(result.content());
    int max = limits.payloads().maxToolResultBytes();
    if (bytes <= max) {
      return result;
    }
    String why =
        Failure.of(
                FailureCode.LIMIT_TOOL_RESULT_BYTES,
                "the output of "
                    + call.name()
                    + " had "
                    + bytes
                    + " bytes, at most "
                    + max
                    + " are kept; it was dropped")
            .message();
    return new ToolResult(result.callId(), why, true);
  }

  /** A worker did not start a call: it goes out again, unless it is a late or repeated report. */
  void reportNotStarted(DecisionDraft d, ReportToolCallNotStarted report) {
    if (CurrentWork.ignoredUnlessCurrentCall(
        d,
        report.assignment(),
        report.callId(),
        report.dispatchToken(),
        false,
        report.workerId())) {
      return;
    }
    ToolBatch batch = d.toolBatch();
    ToolCall call = batch.call(report.callId()).orElseThrow();
    if (reportsAnEarlierDispatch(batch, call, report.reason())) {
      d.emit(
          new ToolResultIgnored(
              d.sessionId(),
              report.assignment(),
              call.callId(),
              report.workerId(),
              IgnoreReason.DUPLICATE_RESULT,
              d.now));
      return;
    }
    if (isFailedDispatch(report.reason()) && failedOverDispatchLimit(d, call, report.reason())) {
      return;
    }
    if (batch.mode() == DispatchMode.PARALLEL
        && report.reason() == NotStartedReason.LOCK_UNAVAILABLE) {
      switchToOrderedDispatch(d, report, call);
    }
    dispatchAgain(d, call, report.reason());
  }

  /**
   * Whether a not-started report is not news: a second report of a call that waits for its wave, or
   * a lock failure of a call that is out by ordered dispatch, which takes no lock (so it is a
   * report of an earlier dispatch). Either way the call is not sent again because of it.
   */
  private static boolean reportsAnEarlierDispatch(
      ToolBatch batch, ToolCall call, NotStartedReason reason) {
    boolean lockFailure =
        switch (reason) {
          case LOCK_UNAVAILABLE, LOCK_TIMEOUT, STALE_FENCING_TOKEN -> true;
          default -> false;
        };
    return batch.waiting().contains(call.index())
        || (lockFailure && batch.ordered().contains(call.index()));
  }

  /** A worker found Redis unreachable: the turn's calls are ordered by the coordinator from now. */
  private static void switchToOrderedDispatch(
      DecisionDraft d, ReportToolCallNotStarted report, ToolCall call) {
    String why =
        "LOCK_UNAVAILABLE: worker "
            + report.workerId()
            + " could not reach Redis for call "
            + call.callId()
            + " of "
            + call.name();
    d.emit(
        new DispatchModeChanged(
            d.sessionId(),
            report.assignment(),
            DispatchMode.PARALLEL,
            DispatchMode.SEQUENTIAL,
            why,
            d.now));
  }

  /** Nothing was heard of the calls that are out for a whole lease: each goes out again. */
  void expireLease(DecisionDraft d) {
    for (ToolCall call : d.toolBatch().callsOut()) {
      if (d.state.activeTurn().isEmpty()) {
        return; // A call over its dispatch limit failed the turn.
      }
      if (failedOverDispatchLimit(d, call, NotStartedReason.LEASE_EXPIRED)) {
        return;
      }
      dispatchAgain(d, call, NotStartedReason.LEASE_EXPIRED);
    }
  }

  /**
   * Sends the calls that waited (while the session was paused, or for a call awaiting approval) and
   * may go out now: the next wave in ordered dispatch, otherwise those {@link
   * ToolBatch#releasable()}.
   */
  void releaseWaitingCalls(DecisionDraft d) {
    ToolBatch batch = d.toolBatch();
    if (batch.mode() == DispatchMode.SEQUENTIAL) {
      dispatchNextWave(d);
      return;
    }
    List<ToolCall> held = batch.releasable();
    if (!held.isEmpty()) {
      emitWave(d, batch, held);
    }
  }

  /**
   * Before the turn ends with its tool calls out ({@code why}: how it ended): one tool message per
   * call of the batch, in call order, the result received or a synthetic error for a call without
   * one. The assistant message that asked for the calls then has all its results, as LLM APIs
   * require of a transcript, however the turn ended.
   */
  void closeOpenBatch(DecisionDraft d, String why) {
    ActiveTurn turn = d.activeTurn();
    if (turn.tools().isEmpty()) {
      return;
    }
    ToolBatch batch = turn.tools().get();
    for (ToolCall call : batch.calls()) {
      String content =
          "Cancelled: turn " + turn.turnId() + " ended (" + why + ") before this call returned";
      ToolResult result =
          batch.result(call.callId()).orElse(new ToolResult(call.callId(), content, true));
      appendToolMessage(d, turn.turnId(), result);
    }
  }

  /** A tool message: its text is the result's, stored once, so its own content is empty. */
  private static void appendToolMessage(DecisionDraft d, String turnId, ToolResult result) {
    d.appendMessage(
        new Message(
            d.state.nextSeq(), Message.Role.TOOL, "", turnId, List.of(), Optional.of(result)));
  }

  /**
   * Whether a call that did not start for {@code reason} used up a dispatch. A worker that gave up
   * waiting for the turn lock ({@code LOCK_TIMEOUT}) waited behind a call that still runs: the call
   * goes out again as the same dispatch, so a long tool never makes the calls behind it fail.
   */
  private static boolean isFailedDispatch(NotStartedReason reason) {
    return reason != NotStartedReason.LOCK_TIMEOUT;
  }

  /** Fails the turn if {@code call} was dispatched as often as a step may be attempted. */
  private boolean failedOverDispatchLimit(DecisionDraft d, ToolCall call, NotStartedReason reason) {
    int dispatches = d.toolBatch().dispatches().get(call.index());
    if (dispatches < limits.maxStepAttempts()) {
      return false;
    }
    String detail =
        (dispatches + 1)
            + " > "
            + limits.maxStepAttempts()
            + " (call "
            + call.callId()
            + " of "
            + call.name()
            + " not started: "
            + reason
            + ")";
    turns.failTurn(d, Failure.of(FailureCode.LIMIT_TOOL_CALL_DISPATCHES, detail));
    return true;
  }

  /**
   * Sends a call out again: at once in {@link DispatchMode#PARALLEL}, in its wave in {@link
   * DispatchMode#SEQUENTIAL}, after the resume while the session is paused.
   */
  private void dispatchAgain(DecisionDraft d, ToolCall call, NotStartedReason reason) {
    ToolBatch batch = d.toolBatch();
    if (batch.mode() == DispatchMode.SEQUENTIAL || d.state.paused()) {
      d.emit(new ToolCallDeferred(d.sessionId(), batch.assignment(), call, reason, d.now));
      dispatchNextWave(d);
      return;
    }
    int dispatches = batch.dispatches().get(call.index());
    int dispatch = isFailedDispatch(reason) ? dispatches + 1 : dispatches;
    OptionalLong token = dispatchToken(d, batch, call, dispatch);
    if (token.isEmpty()) {
      return;
    }
    d.emit(
        new ToolCallRedispatched(
            d.sessionId(),
            batch.assignment(),
            call,
            reason,
            dispatch,
            classes(batch),
            batch.mode(),
            turns.terms(d.activeTurn()),
            token.getAsLong(),
            d.now));
  }

  /**
   * The token of dispatch {@code dispatch} of {@code call}; if the batch reserved none for it, the
   * turn fails and the token is empty.
   */
  private OptionalLong dispatchToken(
      DecisionDraft d, ToolBatch batch, ToolCall call, int dispatch) {
    OptionalLong token = batch.dispatchToken(call.index(), dispatch);
    if (token.isEmpty()) {
      String detail =
          "call "
              + call.callId()
              + " of "
              + call.name()
              + " has no dispatch token left for dispatch "
              + dispatch;
      turns.failTurn(d, Failure.of(FailureCode.LIMIT_TOOL_CALL_DISPATCHES, detail));
    }
    return token;
  }

  /** In ordered dispatch, sends the calls that may go out now, if any. */
  private void dispatchNextWave(DecisionDraft d) {
    ToolBatch batch = d.toolBatch();
    if (batch.mode() != DispatchMode.SEQUENTIAL || d.state.paused()) {
      return;
    }
    List<ToolCall> wave = batch.nextWave();
    if (!wave.isEmpty()) {
      emitWave(d, batch, wave);
    }
  }

  /** Sends {@code wave}, each call as its next dispatch with that dispatch's token. */
  private void emitWave(DecisionDraft d, ToolBatch batch, List<ToolCall> wave) {
    List<Long> tokens = new ArrayList<>();
    for (ToolCall call : wave) {
      OptionalLong token = dispatchToken(d, batch, call, batch.dispatches().get(call.index()) + 1);
      if (token.isEmpty()) {
        return;
      }
      tokens.add(token.getAsLong());
    }
    d.emit(
        new ToolCallWaveDispatched(
            d.sessionId(),
            batch.assignment(),
            wave,
            classes(batch),
            batch.mode(),
            turns.terms(d.activeTurn()),
            tokens,
            d.now));
  }

  private static List<OperationClass> classes(ToolBatch batch) {
    return batch.calls().stream().map(ToolCall::operationClass).toList();
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
}
