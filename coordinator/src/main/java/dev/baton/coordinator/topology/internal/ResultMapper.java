package dev.baton.coordinator.topology.internal;

import dev.baton.coordinator.session.Failure;
import dev.baton.coordinator.session.NotStartedReason;
import dev.baton.coordinator.session.OperationClass;
import dev.baton.coordinator.session.SessionCommand;
import dev.baton.coordinator.session.StepAttempt;
import dev.baton.coordinator.session.ToolCallRequest;
import dev.baton.coordinator.session.ToolResult;
import dev.baton.schemas.avro.AgentAnswered;
import dev.baton.schemas.avro.LeaseRenewed;
import dev.baton.schemas.avro.Progress;
import dev.baton.schemas.avro.StepFailed;
import dev.baton.schemas.avro.ToolCallFinished;
import dev.baton.schemas.avro.ToolCallNotStarted;
import dev.baton.schemas.avro.ToolCallsRequested;
import dev.baton.schemas.avro.Usage;
import dev.baton.schemas.avro.WorkerResult;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Maps a worker's {@link WorkerResult} to a command of the session model. A body this version does
 * not know is rejected as {@code INVALID_COMMAND}. {@code LeaseRenewed} and {@code Progress} renew
 * the lease of the work they name; one that names a dispatch must name its tool call.
 *
 * <p>A tool call's {@code StepFailed} (one with a {@code callId}: the handler threw instead of
 * returning a tool error) becomes the call's result with {@code isError} set, so the agent sees the
 * failure in its next step; it is not retried.
 */
final class ResultMapper {

  private ResultMapper() {}

  /**
   * The model command for {@code result}, whose session id was checked against the record key.
   *
   * @throws RejectedInput if the result names an impossible assignment or has no model command
   */
  static SessionCommand toModel(WorkerResult result) {
    String sessionId = result.getSessionId();
    return switch (result.getBody()) {
      case AgentAnswered answer ->
          new SessionCommand.CompleteStep(
              sessionId,
              attempt(result),
              answer.getMessage().getContent(),
              usage(answer.getUsage()),
              result.getWorkerId());
      case ToolCallsRequested requested ->
          new SessionCommand.RequestToolCalls(
              sessionId,
              attempt(result),
              requested.getContent(),
              requested.getCalls().stream().map(ResultMapper::toolCallRequest).toList(),
              usage(requested.getUsage()),
              result.getWorkerId());
      case ToolCallFinished finished -> finishToolCall(result, finished);
      case ToolCallNotStarted notStarted ->
          new SessionCommand.ReportToolCallNotStarted(
              sessionId,
              attempt(result),
              notStarted.getCallId(),
              NotStartedReason.valueOf(notStarted.getReason().name()),
              result.getWorkerId(),
              dispatchToken(result));
      case StepFailed failed -> failStep(result, failed);
      case LeaseRenewed renewed -> renewLease(result, renewed.getCallId());
      case Progress progress -> renewLease(result, progress.getCallId());
      default -> throw RejectedInput.unsupported(result.getBody());
    };
  }

  private static SessionCommand finishToolCall(WorkerResult result, ToolCallFinished finished) {
    var toolResult = finished.getToolResult();
    if (!toolResult.getCallId().equals(finished.getCallId())) {
      throw RejectedInput.invalidCommand(
          "ToolCallFinished of call "
              + finished.getCallId()
              + " carries the result of call "
              + toolResult.getCallId());
    }
    if (finished.getLockWaitMs() < 0) {
      throw RejectedInput.invalidCommand("negative lockWaitMs " + finished.getLockWaitMs());
    }
    return new SessionCommand.FinishToolCall(
        result.getSessionId(),
        attempt(result),
        new ToolResult(toolResult.getCallId(), toolResult.getContent(), toolResult.getIsError()),
        finished.getStartedAt(),
        finished.getFinishedAt(),
        finished.getLockWaitMs(),
        result.getWorkerId(),
        dispatchToken(result));
  }

  /** A sign of life of a running handler: of tool call {@code callId}, or of an agent step. */
  private static SessionCommand renewLease(WorkerResult result, String callId) {
    OptionalLong dispatch = dispatchToken(result);
    if (dispatch.isPresent() && callId == null) {
      throw RejectedInput.invalidCommand(
          "a lease renewal names dispatch " + dispatch.getAsLong() + " but no tool call");
    }
    return new SessionCommand.RenewLease(
        result.getSessionId(),
        attempt(result),
        result.getWorkerId(),
        Optional.ofNullable(callId),
        dispatch);
  }

  private static SessionCommand failStep(WorkerResult result, StepFailed failed) {
    if (failed.getCallId() != null) {
      String error = failed.getError().getCode() + ": " + failed.getError().getMessage();
      return new SessionCommand.FinishToolCall(
          result.getSessionId(),
          attempt(result),
          new ToolResult(failed.getCallId(), error, true),
          result.getProducedAt(),
          result.getProducedAt(),
          0,
          result.getWorkerId(),
          dispatchToken(result));
    }
    return new SessionCommand.FailStep(
        result.getSessionId(),
        attempt(result),
        Failure.reported(
            failed.getError().getCode(),
            failed.getError().getMessage(),
            Optional.ofNullable(failed.getError().getDetail())),
        failed.getRetryable(),
        dev.baton.coordinator.session.Usage.ZERO,
        result.getWorkerId());
  }

  private static ToolCallRequest toolCallRequest(dev.baton.schemas.avro.ToolCallRequest call) {
    Optional<OperationClass> declared =
        Optional.ofNullable(call.getDeclaredClass())
            .map(avro -> OperationClass.valueOf(avro.name()));
    return new ToolCallRequest(
        call.getCallId(),
        call.getName(),
        call.getArgumentsJson(),
        declared,
        call.getNeedsApproval());
  }

  /** The dispatch a tool call's report names; empty from a worker that does not send it. */
  private static OptionalLong dispatchToken(WorkerResult result) {
    Long token = result.getDispatchToken();
    return token == null ? OptionalLong.empty() : OptionalLong.of(token);
  }

  private static StepAttempt attempt(WorkerResult result) {
    try {
      return new StepAttempt(
          result.getTurnId(),
          StepNumbers.toModel(result.getStep()),
          StepNumbers.toModel(result.getAttempt()),
          result.getFencingToken());
    } catch (IllegalArgumentException e) {
      throw RejectedInput.invalidCommand("impossible assignment: " + e.getMessage());
    }
  }

  private static dev.baton.coordinator.session.Usage usage(Usage usage) {
    if (usage == null) {
      return dev.baton.coordinator.session.Usage.ZERO;
    }
    try {
      return new dev.baton.coordinator.session.Usage(
          usage.getInputTokens(), usage.getOutputTokens());
    } catch (IllegalArgumentException e) {
      throw RejectedInput.invalidCommand("invalid usage: " + e.getMessage());
    }
  }
}
