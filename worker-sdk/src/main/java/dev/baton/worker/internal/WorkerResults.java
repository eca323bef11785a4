package dev.baton.worker.internal;

import dev.baton.schemas.avro.AgentAnswered;
import dev.baton.schemas.avro.Assignment;
import dev.baton.schemas.avro.Message;
import dev.baton.schemas.avro.NotStartedReason;
import dev.baton.schemas.avro.Role;
import dev.baton.schemas.avro.StepFailed;
import dev.baton.schemas.avro.ToolCallAssignment;
import dev.baton.schemas.avro.ToolCallNotStarted;
import dev.baton.schemas.avro.WorkerResult;
import dev.baton.worker.StepResult;
import java.time.Instant;

/** Builds the results a worker publishes; pure functions, no Kafka. */
final class WorkerResults {

  private WorkerResults() {}

  /**
   * A result about {@code assignment}: its session, turn, step, attempt, fencing token and id, with
   * {@code body}.
   */
  static WorkerResult of(Assignment assignment, Object body, String workerId, Instant producedAt) {
    return WorkerResult.newBuilder()
        .setSessionId(assignment.getSessionId())
        .setTurnId(assignment.getTurnId())
        .setStep(assignment.getStep())
        .setAttempt(assignment.getAttempt())
        .setFencingToken(assignment.getFencingToken())
        .setAssignmentId(assignment.getAssignmentId())
        .setWorkerId(workerId)
        .setProducedAt(producedAt)
        .setBody(body)
        .build();
  }

  /** The body that reports a handler's result. */
  static Object body(StepResult result) {
    return switch (result) {
      case StepResult.Answer answer -> answered(answer);
    };
  }

  /** The body that reports a failure that another attempt will not fix. */
  static StepFailed stepFailed(Throwable error) {
    return StepFailed.newBuilder()
        .setError(Failures.describe(error))
        .setRetryable(false)
        .setCallId(null)
        .build();
  }

  /** The body that reports a tool call this worker has no handler for. */
  static ToolCallNotStarted unknownTool(ToolCallAssignment call) {
    return ToolCallNotStarted.newBuilder()
        .setCallId(call.getCallId())
        .setReason(NotStartedReason.UNKNOWN_TOOL)
        .setDetail("This worker has no handler for tool " + call.getName())
        .build();
  }

  private static AgentAnswered answered(StepResult.Answer answer) {
    Message message =
        Message.newBuilder()
            .setRole(Role.ASSISTANT)
            .setContent(answer.content())
            .setUsage(answer.usage().orElse(null))
            .build();
    return AgentAnswered.newBuilder()
        .setMessage(message)
        .setUsage(answer.usage().orElse(null))
        .build();
  }
}
