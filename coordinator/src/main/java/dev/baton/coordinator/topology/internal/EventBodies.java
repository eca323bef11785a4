package dev.baton.coordinator.topology.internal;

import dev.baton.coordinator.session.ActiveTurn;
import dev.baton.coordinator.session.HistoryRange;
import dev.baton.coordinator.session.SessionEvent;
import dev.baton.coordinator.session.SessionState;
import dev.baton.coordinator.session.StepAttempt;
import dev.baton.schemas.avro.Failure;
import dev.baton.schemas.avro.HistoryClearReason;
import dev.baton.schemas.avro.HistoryCleared;
import dev.baton.schemas.avro.IgnoreReason;
import dev.baton.schemas.avro.Message;
import dev.baton.schemas.avro.Role;
import dev.baton.schemas.avro.StepAssigned;
import dev.baton.schemas.avro.StepAttemptFailed;
import dev.baton.schemas.avro.StepCompleted;
import dev.baton.schemas.avro.SubmitTurn;
import dev.baton.schemas.avro.ToolCallCompleted;
import dev.baton.schemas.avro.ToolCallDispatched;
import dev.baton.schemas.avro.ToolCallRequest;
import dev.baton.schemas.avro.ToolCallStarted;
import dev.baton.schemas.avro.ToolResult;
import dev.baton.schemas.avro.TurnAccepted;
import dev.baton.schemas.avro.TurnCompleted;
import dev.baton.schemas.avro.TurnFailed;
import dev.baton.schemas.avro.TurnQueued;
import dev.baton.schemas.avro.TurnRejected;
import dev.baton.schemas.avro.TurnRejectionCode;
import dev.baton.schemas.avro.TurnStarted;
import dev.baton.schemas.avro.Usage;
import dev.baton.schemas.avro.UsageRecorded;
import dev.baton.schemas.avro.WorkerResultIgnored;
import java.time.Duration;
import java.util.List;

/**
 * The Avro bodies of the session-events topic for the session model's events. Pure functions;
 * {@code before} is the session's state just before the event.
 */
final class EventBodies {

  private EventBodies() {}

  static TurnAccepted turnAccepted(SubmitTurn submit) {
    return new TurnAccepted(
        submit.getInput(), submit.getOnBusy(), submit.getDeadlineMs(), submit.getMetadata());
  }

  static TurnQueued turnQueued(SessionEvent.TurnQueued queued) {
    return new TurnQueued(queued.position() - 1); // the model counts from 1, the wire from 0
  }

  static TurnRejected turnRejected(SessionEvent.TurnRejected rejected, SessionState before) {
    TurnRejectionCode code =
        switch (rejected.code()) {
          case SESSION_BUSY -> TurnRejectionCode.SESSION_BUSY;
          case QUEUE_FULL -> TurnRejectionCode.QUEUE_FULL;
          case SESSION_PAUSED -> TurnRejectionCode.SESSION_PAUSED;
          case EMPTY_INPUT, INPUT_TOO_LARGE, INVALID_TURN_ID -> TurnRejectionCode.INVALID_INPUT;
        };
    String activeTurnId = before.activeTurn().map(ActiveTurn::turnId).orElse(null);
    return new TurnRejected(code, rejected.code() + ": " + rejected.detail(), activeTurnId);
  }

  static Message message(dev.baton.coordinator.session.Message message) {
    Role role =
        switch (message.role()) {
          case USER -> Role.USER;
          case ASSISTANT -> Role.ASSISTANT;
          case TOOL -> Role.TOOL;
        };
    List<ToolCallRequest> calls =
        message.toolCalls().stream()
            .map(
                call ->
                    new ToolCallRequest(
                        call.callId(),
                        call.name(),
                        call.argumentsJson(),
                        operationClass(call.operationClass())))
            .toList();
    ToolResult result =
        message
            .toolResult()
            .map(r -> new ToolResult(r.callId(), r.content(), r.isError()))
            .orElse(null);
    return new Message(role, message.content(), calls, result, null);
  }

  static TurnStarted turnStarted(SessionEvent.TurnStarted started) {
    return new TurnStarted(started.deadline().orElse(null));
  }

  static dev.baton.schemas.avro.OperationClass operationClass(
      dev.baton.coordinator.session.OperationClass operationClass) {
    return switch (operationClass) {
      case READ -> dev.baton.schemas.avro.OperationClass.READ;
      case WRITE -> dev.baton.schemas.avro.OperationClass.WRITE;
    };
  }

  static ToolCallDispatched toolCallDispatched(
      String assignmentId, StepAttempt batch, dev.baton.coordinator.session.ToolCall call) {
    return new ToolCallDispatched(
        assignmentId,
        StepNumbers.toWire(batch.step()),
        StepNumbers.toWire(batch.attempt()),
        batch.fencingToken(),
        call.callId(),
        call.index(),
        call.name(),
        operationClass(call.operationClass()));
  }

  static dev.baton.schemas.avro.DispatchModeChanged dispatchModeChanged(
      SessionEvent.DispatchModeChanged changed) {
    return new dev.baton.schemas.avro.DispatchModeChanged(
        dispatchMode(changed.from()), dispatchMode(changed.to()), changed.reason());
  }

  static dev.baton.schemas.avro.DispatchMode dispatchMode(
      dev.baton.coordinator.session.DispatchMode mode) {
    return switch (mode) {
      case PARALLEL -> dev.baton.schemas.avro.DispatchMode.PARALLEL;
      case SEQUENTIAL -> dev.baton.schemas.avro.DispatchMode.SEQUENTIAL;
    };
  }

  static ToolCallStarted toolCallStarted(SessionEvent.ToolCallFinished finished) {
    return new ToolCallStarted(
        StepNumbers.toWire(finished.assignment().step()),
        finished.call().callId(),
        finished.workerId(),
        finished.startedAt());
  }

  static ToolCallCompleted toolCallCompleted(SessionEvent.ToolCallFinished finished) {
    return new ToolCallCompleted(
        StepNumbers.toWire(finished.assignment().step()),
        finished.call().callId(),
        finished.workerId(),
        finished.result().isError(),
        finished.startedAt(),
        finished.finishedAt(),
        finished.lockWaitMs());
  }

  static WorkerResultIgnored toolResultIgnored(
      SessionEvent.ToolResultIgnored ignored, String workerId, SessionState before) {
    return ignoredResult(
        ignored.assignment(), workerId, ignored.callId(), ignored.reason(), before);
  }

  /** The step's event; its context message count is set once the context is read. */
  static StepAssigned stepAssigned(String assignmentId, StepAttempt attempt, Duration lease) {
    return new StepAssigned(
        assignmentId,
        StepNumbers.toWire(attempt.step()),
        StepNumbers.toWire(attempt.attempt()),
        attempt.fencingToken(),
        lease.toMillis(),
        0);
  }

  static StepCompleted stepCompleted(StepAttempt attempt, String workerId, int toolCalls) {
    return new StepCompleted(
        StepNumbers.toWire(attempt.step()),
        StepNumbers.toWire(attempt.attempt()),
        workerId,
        toolCalls);
  }

  static StepAttemptFailed stepAttemptFailed(
      StepAttempt attempt, Failure error, String workerId, boolean willRetry) {
    return new StepAttemptFailed(
        StepNumbers.toWire(attempt.step()),
        StepNumbers.toWire(attempt.attempt()),
        attempt.fencingToken(),
        null,
        workerId,
        error,
        willRetry);
  }

  static UsageRecorded usageRecorded(
      StepAttempt attempt, dev.baton.coordinator.session.Usage used) {
    return new UsageRecorded(StepNumbers.toWire(attempt.step()), usage(used));
  }

  static WorkerResultIgnored workerResultIgnored(
      SessionEvent.StepResultIgnored ignored, String workerId, SessionState before) {
    return ignoredResult(ignored.assignment(), workerId, null, ignored.reason(), before);
  }

  private static WorkerResultIgnored ignoredResult(
      StepAttempt attempt,
      String workerId,
      String callId,
      dev.baton.coordinator.session.IgnoreReason reason,
      SessionState before) {
    return new WorkerResultIgnored(
        workerId,
        StepNumbers.toWire(attempt.step()),
        StepNumbers.toWire(attempt.attempt()),
        attempt.fencingToken(),
        callId,
        ignoreReason(reason, attempt, before));
  }

  static HistoryCleared historyCleared(SessionEvent.HistoryCleared cleared) {
    return historyCleared(cleared.cleared(), HistoryClearReason.CLEARED);
  }

  static HistoryCleared historyCleared(HistoryRange range, HistoryClearReason reason) {
    return new HistoryCleared(range.fromSeq(), range.toSeq(), reason);
  }

  static dev.baton.schemas.avro.TurnCancelled turnCancelled(SessionEvent.TurnCancelled cancelled) {
    return new dev.baton.schemas.avro.TurnCancelled(
        dev.baton.schemas.avro.CancelReason.valueOf(cancelled.reason().name()),
        cancelled.byTurnId().orElse(null),
        cancelled.detail().orElse(null),
        usage(cancelled.usage()));
  }

  static dev.baton.schemas.avro.SessionExpired sessionExpired(SessionEvent.SessionExpired expired) {
    return new dev.baton.schemas.avro.SessionExpired(
        expired.lastActivityAt(), expired.idleLimit().toMillis());
  }

  static TurnCompleted turnCompleted(SessionEvent.TurnCompleted completed, SessionState before) {
    // The model appends the answer just before it completes the turn.
    long answerSeq = before.nextSeq() - 1;
    return new TurnCompleted(steps(before), answerSeq, usage(completed.usage()));
  }

  static TurnFailed turnFailed(SessionEvent.TurnFailed failed, Failure error, SessionState before) {
    return new TurnFailed(error, steps(before), usage(failed.usage()));
  }

  static Usage usage(dev.baton.coordinator.session.Usage usage) {
    return new Usage(usage.inputTokens(), usage.outputTokens(), null);
  }

  private static int steps(SessionState before) {
    return before.activeTurn().map(ActiveTurn::step).orElse(0);
  }

  private static IgnoreReason ignoreReason(
      dev.baton.coordinator.session.IgnoreReason reason, StepAttempt attempt, SessionState before) {
    return switch (reason) {
      case STALE_FENCING_TOKEN -> IgnoreReason.STALE_FENCING_TOKEN;
      case UNKNOWN_ASSIGNMENT, UNKNOWN_CALL -> IgnoreReason.OTHER;
      case DUPLICATE_RESULT -> IgnoreReason.DUPLICATE;
      case TURN_NOT_ACTIVE ->
          before.statusOf(attempt.turnId()).filter(status -> status.isTerminal()).isPresent()
              ? IgnoreReason.TURN_ENDED
              : IgnoreReason.UNKNOWN_TURN;
    };
  }
}
