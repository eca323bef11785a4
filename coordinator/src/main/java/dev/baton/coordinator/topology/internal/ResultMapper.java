package dev.baton.coordinator.topology.internal;

import dev.baton.coordinator.session.SessionCommand;
import dev.baton.coordinator.session.StepAttempt;
import dev.baton.schemas.avro.AgentAnswered;
import dev.baton.schemas.avro.StepFailed;
import dev.baton.schemas.avro.Usage;
import dev.baton.schemas.avro.WorkerResult;

/**
 * Maps a worker's {@link WorkerResult} to a command of the session model. Results the model does
 * not handle yet (tool calls, lease renewals, progress) are rejected as {@code INVALID_COMMAND}.
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
              usage(answer.getUsage()));
      case StepFailed failed -> failStep(result, failed);
      default -> throw RejectedInput.unsupported(result.getBody());
    };
  }

  private static SessionCommand failStep(WorkerResult result, StepFailed failed) {
    if (failed.getCallId() != null) {
      throw RejectedInput.invalidCommand(
          "StepFailed of tool call " + failed.getCallId() + ": tool calls are not supported yet");
    }
    return new SessionCommand.FailStep(
        result.getSessionId(),
        attempt(result),
        failed.getError().getMessage(),
        failed.getRetryable(),
        dev.baton.coordinator.session.Usage.ZERO);
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
