package dev.baton.coordinator.topology.internal;

import dev.baton.coordinator.session.HistoryRange;
import dev.baton.coordinator.session.SessionEvent;
import dev.baton.coordinator.session.SteeredMessage;
import dev.baton.coordinator.session.StepAttempt;
import dev.baton.schemas.avro.CommandIgnored;
import dev.baton.schemas.avro.DispatchHeld;
import dev.baton.schemas.avro.DuplicateTurnSubmitted;
import dev.baton.schemas.avro.Failure;
import dev.baton.schemas.avro.HistoryClearReason;
import dev.baton.schemas.avro.HistoryCleared;
import dev.baton.schemas.avro.IgnoreReason;
import dev.baton.schemas.avro.LeaseExtended;
import dev.baton.schemas.avro.Message;
import dev.baton.schemas.avro.OnBusy;
import dev.baton.schemas.avro.Role;
import dev.baton.schemas.avro.SteeredInputsDelivered;
import dev.baton.schemas.avro.StepAssigned;
import dev.baton.schemas.avro.StepAttemptFailed;
import dev.baton.schemas.avro.StepCompleted;
import dev.baton.schemas.avro.ToolCallCompleted;
import dev.baton.schemas.avro.ToolCallDeferred;
import dev.baton.schemas.avro.ToolCallDispatched;
import dev.baton.schemas.avro.ToolCallRequest;
import dev.baton.schemas.avro.ToolCallStarted;
import dev.baton.schemas.avro.ToolResult;
import dev.baton.schemas.avro.TurnAccepted;
import dev.baton.schemas.avro.TurnCompleted;
import dev.baton.schemas.avro.TurnFailed;
import dev.baton.schemas.avro.TurnMerged;
import dev.baton.schemas.avro.TurnQueued;
import dev.baton.schemas.avro.TurnRejected;
import dev.baton.schemas.avro.TurnRejectionCode;
import dev.baton.schemas.avro.TurnStarted;
import dev.baton.schemas.avro.TurnStatus;
import dev.baton.schemas.avro.TurnSteered;
import dev.baton.schemas.avro.Usage;
import dev.baton.schemas.avro.UsageRecorded;
import dev.baton.schemas.avro.WorkerResultIgnored;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The Avro bodies of the session-events topic for the session model's events: pure functions of
 * what each event carries. The one place where model types become wire types for events.
 */
final class EventBodies {

  private EventBodies() {}

  static TurnAccepted turnAccepted(SessionEvent.TurnAccepted accepted) {
    return new TurnAccepted(
        accepted.input(),
        onBusy(accepted.onBusy()),
        accepted.deadline().map(Duration::toMillis).orElse(null),
        accepted.metadata());
  }

  static TurnQueued turnQueued(SessionEvent.TurnQueued queued) {
    return new TurnQueued(queued.position() - 1); // the model counts from 1, the wire from 0
  }

  static TurnSteered turnSteered(SessionEvent.TurnSteered steered) {
    return new TurnSteered(steered.intoTurnId(), steered.position() - 1);
  }

  static TurnMerged turnMerged(SessionEvent.TurnMerged merged) {
    return new TurnMerged(merged.intoTurnId(), merged.position() - 1);
  }

  /** The steered inputs {@code assigned} is the first to carry; its step and attempt. */
  static SteeredInputsDelivered steeredInputsDelivered(SessionEvent.StepAssigned assigned) {
    StepAttempt attempt = assigned.assignment();
    return new SteeredInputsDelivered(
        StepNumbers.toWire(attempt.step()),
        StepNumbers.toWire(attempt.attempt()),
        assigned.delivered().stream().map(SteeredMessage::messageId).toList(),
        assigned.delivered().stream().map(SteeredMessage::seq).toList());
  }

  static TurnStarted turnStarted(SessionEvent.TurnStarted started) {
    return new TurnStarted(started.deadline().orElse(null));
  }

  static TurnRejected turnRejected(SessionEvent.TurnRejected rejected) {
    TurnRejectionCode code =
        switch (rejected.code()) {
          case SESSION_BUSY -> TurnRejectionCode.SESSION_BUSY;
          case QUEUE_FULL -> TurnRejectionCode.QUEUE_FULL;
          case SESSION_PAUSED -> TurnRejectionCode.SESSION_PAUSED;
          case TURN_ID_REUSED -> TurnRejectionCode.TURN_ID_REUSED;
          case EMPTY_INPUT, INPUT_TOO_LARGE, INVALID_TURN_ID, INVALID_METADATA ->
              TurnRejectionCode.INVALID_INPUT;
        };
    return new TurnRejected(
        code, rejected.code() + ": " + rejected.detail(), rejected.activeTurnId().orElse(null));
  }

  static DuplicateTurnSubmitted duplicateTurnSubmitted(
      SessionEvent.DuplicateTurnSubmitted duplicate) {
    return new DuplicateTurnSubmitted(TurnStatus.valueOf(duplicate.status().name()));
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
                        operationClass(call.operationClass()),
                        false))
            .toList();
    ToolResult result =
        message
            .toolResult()
            .map(r -> new ToolResult(r.callId(), r.content(), r.isError()))
            .orElse(null);
    return new Message(role, message.content(), calls, result, null);
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

  static StepCompleted stepCompleted(SessionEvent.StepCompleted completed) {
    StepAttempt attempt = completed.assignment();
    return new StepCompleted(
        StepNumbers.toWire(attempt.step()),
        StepNumbers.toWire(attempt.attempt()),
        completed.workerId(),
        completed.toolCalls());
  }

  static StepAttemptFailed stepAttemptFailed(SessionEvent.StepFailed failed) {
    StepAttempt attempt = failed.assignment();
    return new StepAttemptFailed(
        StepNumbers.toWire(attempt.step()),
        StepNumbers.toWire(attempt.attempt()),
        attempt.fencingToken(),
        null,
        failed.workerId().orElse(null),
        failure(failed.failure()),
        failed.willRetry());
  }

  static UsageRecorded usageRecorded(
      StepAttempt attempt, dev.baton.coordinator.session.Usage used) {
    return new UsageRecorded(StepNumbers.toWire(attempt.step()), usage(used));
  }

  static WorkerResultIgnored workerResultIgnored(SessionEvent.StepResultIgnored ignored) {
    return ignoredResult(ignored.assignment(), ignored.workerId(), null, ignored.reason(), null);
  }

  static WorkerResultIgnored toolResultIgnored(SessionEvent.ToolResultIgnored ignored) {
    return ignoredResult(
        ignored.assignment(),
        ignored.workerId(),
        ignored.callId(),
        ignored.reason(),
        nullable(ignored.dispatchToken()));
  }

  /** A token for an optional Avro field: null if there is none. */
  private static Long nullable(OptionalLong token) {
    return token.isPresent() ? token.getAsLong() : null;
  }

  private static WorkerResultIgnored ignoredResult(
      StepAttempt attempt,
      String workerId,
      String callId,
      dev.baton.coordinator.session.IgnoreReason reason,
      Long dispatchToken) {
    return new WorkerResultIgnored(
        workerId,
        StepNumbers.toWire(attempt.step()),
        StepNumbers.toWire(attempt.attempt()),
        attempt.fencingToken(),
        callId,
        ignoreReason(reason),
        dispatchToken);
  }

  static ToolCallDispatched toolCallDispatched(
      String assignmentId,
      StepAttempt batch,
      dev.baton.coordinator.session.ToolCall call,
      long dispatchToken) {
    return new ToolCallDispatched(
        assignmentId,
        StepNumbers.toWire(batch.step()),
        StepNumbers.toWire(batch.attempt()),
        batch.fencingToken(),
        call.callId(),
        call.index(),
        call.name(),
        operationClass(call.operationClass()),
        dispatchToken);
  }

  static ToolCallDeferred toolCallDeferred(SessionEvent.ToolCallDeferred deferred) {
    return new ToolCallDeferred(
        StepNumbers.toWire(deferred.assignment().step()),
        deferred.call().callId(),
        deferred.reason().name());
  }

  static DispatchHeld dispatchHeld(
      StepAttempt held, List<String> callIds, Optional<Instant> until) {
    return new DispatchHeld(
        StepNumbers.toWire(held.step()),
        StepNumbers.toWire(held.attempt()),
        held.fencingToken(),
        callIds,
        until.orElse(null));
  }

  static dev.baton.schemas.avro.DispatchModeChanged dispatchModeChanged(
      SessionEvent.DispatchModeChanged changed) {
    return new dev.baton.schemas.avro.DispatchModeChanged(
        dispatchMode(changed.from()), dispatchMode(changed.to()), changed.reason());
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
        finished.lockWaitMs(),
        nullable(finished.dispatchToken()));
  }

  static LeaseExtended leaseExtended(SessionEvent.LeaseExtended extended) {
    StepAttempt attempt = extended.assignment();
    return new LeaseExtended(
        StepNumbers.toWire(attempt.step()),
        StepNumbers.toWire(attempt.attempt()),
        attempt.fencingToken(),
        extended.until());
  }

  static HistoryCleared historyCleared(HistoryRange range, HistoryClearReason reason) {
    return new HistoryCleared(range.fromSeq(), range.toSeq(), reason);
  }

  static TurnCompleted turnCompleted(SessionEvent.TurnCompleted completed) {
    return new TurnCompleted(completed.steps(), completed.answerSeq(), usage(completed.usage()));
  }

  static TurnFailed turnFailed(SessionEvent.TurnFailed failed) {
    return new TurnFailed(failure(failed.failure()), failed.steps(), usage(failed.usage()));
  }

  static dev.baton.schemas.avro.TurnCancelled turnCancelled(SessionEvent.TurnCancelled cancelled) {
    return new dev.baton.schemas.avro.TurnCancelled(
        dev.baton.schemas.avro.CancelReason.valueOf(cancelled.reason().name()),
        cancelled.byTurnId().orElse(null),
        cancelled.detail().orElse(null),
        usage(cancelled.usage()));
  }

  static CommandIgnored commandIgnored(SessionEvent.CommandIgnored ignored) {
    return new CommandIgnored(ignored.why());
  }

  static dev.baton.schemas.avro.SessionPaused sessionPaused(SessionEvent.SessionPaused paused) {
    return new dev.baton.schemas.avro.SessionPaused(paused.reason().orElse(null));
  }

  static dev.baton.schemas.avro.SessionResumed sessionResumed(SessionEvent.SessionResumed resumed) {
    return new dev.baton.schemas.avro.SessionResumed(resumed.reason().orElse(null));
  }

  static dev.baton.schemas.avro.SessionExpired sessionExpired(SessionEvent.SessionExpired expired) {
    return new dev.baton.schemas.avro.SessionExpired(
        expired.lastActivityAt(), expired.idleLimit().toMillis());
  }

  static Failure failure(dev.baton.coordinator.session.Failure failure) {
    return new Failure(failure.code(), failure.message(), failure.detail().orElse(null));
  }

  static Usage usage(dev.baton.coordinator.session.Usage usage) {
    return new Usage(usage.inputTokens(), usage.outputTokens(), null);
  }

  static dev.baton.schemas.avro.OperationClass operationClass(
      dev.baton.coordinator.session.OperationClass operationClass) {
    return switch (operationClass) {
      case READ -> dev.baton.schemas.avro.OperationClass.READ;
      case WRITE -> dev.baton.schemas.avro.OperationClass.WRITE;
    };
  }

  static dev.baton.schemas.avro.DispatchMode dispatchMode(
      dev.baton.coordinator.session.DispatchMode mode) {
    return switch (mode) {
      case PARALLEL -> dev.baton.schemas.avro.DispatchMode.PARALLEL;
      case SEQUENTIAL -> dev.baton.schemas.avro.DispatchMode.SEQUENTIAL;
    };
  }

  private static OnBusy onBusy(dev.baton.coordinator.session.OnBusy onBusy) {
    return switch (onBusy) {
      case REJECT -> OnBusy.REJECT;
      case ENQUEUE -> OnBusy.ENQUEUE;
      case INTERRUPT -> OnBusy.INTERRUPT;
      case ROLLBACK -> OnBusy.ROLLBACK;
      case STEER -> OnBusy.STEER;
      case MERGE -> OnBusy.MERGE;
    };
  }

  private static IgnoreReason ignoreReason(dev.baton.coordinator.session.IgnoreReason reason) {
    return switch (reason) {
      case STALE_FENCING_TOKEN -> IgnoreReason.STALE_FENCING_TOKEN;
      case UNKNOWN_ASSIGNMENT, UNKNOWN_CALL -> IgnoreReason.OTHER;
      case DUPLICATE_RESULT -> IgnoreReason.DUPLICATE;
      case TURN_ENDED -> IgnoreReason.TURN_ENDED;
      case UNKNOWN_TURN -> IgnoreReason.UNKNOWN_TURN;
    };
  }

  static dev.baton.schemas.avro.SessionForked sessionForked(SessionEvent.SessionForked forked) {
    return new dev.baton.schemas.avro.SessionForked(
        forked.sourceSessionId(),
        forked.forkSessionId(),
        forked.atSeq(),
        forked.copied().fromSeq());
  }

  static dev.baton.schemas.avro.ForkRefused forkRefused(SessionEvent.ForkRefused refused) {
    return new dev.baton.schemas.avro.ForkRefused(
        refused.sourceSessionId(),
        refused.forkSessionId(),
        refused.atSeq(),
        dev.baton.schemas.avro.ForkRefusalCode.valueOf(refused.refusal().name()),
        refused.detail());
  }

  static dev.baton.schemas.avro.ToolCallAwaitingApproval toolCallAwaitingApproval(
      SessionEvent.ToolCallAwaitingApproval awaiting) {
    return new dev.baton.schemas.avro.ToolCallAwaitingApproval(
        StepNumbers.toWire(awaiting.assignment().step()),
        awaiting.assignment().fencingToken(),
        awaiting.call().callId(),
        awaiting.call().name(),
        awaiting.call().argumentsJson(),
        awaiting.approvers(),
        awaiting.deadline());
  }

  static dev.baton.schemas.avro.ToolCallApprovalDecided toolCallApprovalDecided(
      SessionEvent.ToolCallApprovalDecided decided) {
    return new dev.baton.schemas.avro.ToolCallApprovalDecided(
        StepNumbers.toWire(decided.assignment().step()),
        decided.call().callId(),
        dev.baton.schemas.avro.ApprovalDecision.valueOf(decided.decision().name()),
        decided.argumentsJson(),
        !decided.argumentsJson().equals(decided.call().argumentsJson()),
        decided.reason().orElse(null),
        decided.decidedBy());
  }

  static dev.baton.schemas.avro.ApprovalRefused approvalRefused(
      SessionEvent.ApprovalRefused refused) {
    return new dev.baton.schemas.avro.ApprovalRefused(
        refused.callId(),
        dev.baton.schemas.avro.ApprovalRefusalCode.valueOf(refused.refusal().name()),
        refused.detail());
  }
}
