package dev.baton.worker.internal;

import dev.baton.schemas.avro.AgentAnswered;
import dev.baton.schemas.avro.Assignment;
import dev.baton.schemas.avro.Failure;
import dev.baton.schemas.avro.LeaseRenewed;
import dev.baton.schemas.avro.NotStartedReason;
import dev.baton.schemas.avro.StepFailed;
import dev.baton.schemas.avro.ToolCallAssignment;
import dev.baton.schemas.avro.ToolCallFinished;
import dev.baton.schemas.avro.ToolCallNotStarted;
import dev.baton.schemas.avro.ToolCallRequest;
import dev.baton.schemas.avro.ToolCallsRequested;
import dev.baton.schemas.avro.WorkerResult;
import dev.baton.worker.Message;
import dev.baton.worker.StepResult;
import dev.baton.worker.ToolCall;
import dev.baton.worker.ToolCallResult;
import dev.baton.worker.ToolResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Builds the results a worker publishes; pure functions, no Kafka. */
final class WorkerResults {

  /** The failure code of a poison record's {@code StepFailed}. */
  static final String POISON = "POISON";

  /** The failure code of a result too large for one record (the coordinator's code too). */
  static final String LIMIT_RECORD_SIZE = "LIMIT_RECORD_SIZE";

  private WorkerResults() {}

  /**
   * A result about {@code assignment}: its session, turn, step, attempt, fencing token and id, with
   * {@code body}; for a tool call also the token of its dispatch, so the coordinator can tell it
   * from the call's other dispatches (none if the assignment carries none).
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
        .setDispatchToken(
            assignment.getBody() instanceof ToolCallAssignment call
                ? call.getDispatchToken()
                : null)
        .build();
  }

  /**
   * The fencing token of tool call {@code call}'s dispatch: its own, or the assignment's from a
   * coordinator that sends none.
   */
  static long dispatchToken(Assignment assignment, ToolCallAssignment call) {
    Long token = call.getDispatchToken();
    return token == null ? assignment.getFencingToken() : token;
  }

  /**
   * The body that reports an agent handler's result. Tool calls without an id get {@code
   * <assignmentId>-<index>}; each call's declared class comes from {@code tools}.
   */
  static Object body(StepResult result, String assignmentId, ToolRegistry tools) {
    return switch (result) {
      case StepResult.Answer answer -> answered(answer);
      case StepResult.ToolCalls calls -> toolCallsRequested(calls, assignmentId, tools);
    };
  }

  /** The body that reports a failure that another attempt will not fix. */
  static StepFailed stepFailed(Throwable error) {
    return stepFailed(error, null);
  }

  /** The body that reports a failure of tool call {@code callId} (or of the step, if null). */
  static StepFailed stepFailed(Throwable error, String callId) {
    return stepFailed(error, callId, false);
  }

  /**
   * The body that reports a retryable failure of an agent step whose record was handed over to its
   * lease, so that the share group cannot deliver it again: the coordinator assigns a new attempt.
   */
  static StepFailed handedOffStepFailed(Throwable error) {
    return stepFailed(error, null, true);
  }

  private static StepFailed stepFailed(Throwable error, String callId, boolean retryable) {
    return StepFailed.newBuilder()
        .setError(Failures.describe(error))
        .setRetryable(retryable)
        .setCallId(callId)
        .build();
  }

  /**
   * The body that reports a poison record: delivered {@code deliveryCount} times, at or over the
   * worker's {@code limit}, without finishing; {@code lastError} is the last delivery's failure, or
   * null if it did not run. Retryable: the coordinator may assign a new attempt within its limits.
   */
  static StepFailed poisoned(int deliveryCount, int limit, Throwable lastError, String callId) {
    String message =
        "POISON: the assignment was delivered %d times (the worker's delivery limit is %d)"
                .formatted(deliveryCount, limit)
            + (lastError == null
                ? " and is not run again"
                : " and failed every time; last error: "
                    + Failures.describe(lastError).getMessage());
    Failure error =
        Failure.newBuilder()
            .setCode(POISON)
            .setMessage(message)
            .setDetail(lastError == null ? null : Failures.describe(lastError).getDetail())
            .build();
    return StepFailed.newBuilder().setError(error).setRetryable(true).setCallId(callId).build();
  }

  /**
   * The body that replaces {@code body} when its result record would be {@code bytes} long, over
   * the {@code maxBytes} one worker result may take: a tool call's result becomes an error result
   * the agent sees (the call still finished), anything else a failure that another attempt would
   * repeat, with code {@code LIMIT_RECORD_SIZE}.
   */
  static Object tooLarge(Object body, int bytes, int maxBytes) {
    String message =
        "LIMIT_RECORD_SIZE: the worker's result is %d bytes, over the %d bytes one result may take"
            .formatted(bytes, maxBytes);
    if (body instanceof ToolCallFinished finished) {
      return ToolCallFinished.newBuilder(finished)
          .setToolResult(
              dev.baton.schemas.avro.ToolResult.newBuilder()
                  .setCallId(finished.getCallId())
                  .setContent(message)
                  .setIsError(true)
                  .build())
          .build();
    }
    Failure error = Failure.newBuilder().setCode(LIMIT_RECORD_SIZE).setMessage(message).build();
    return StepFailed.newBuilder().setError(error).setRetryable(false).setCallId(null).build();
  }

  /** The body that says the handler of an assignment still runs and its lease is extended. */
  static LeaseRenewed leaseRenewed(long leaseMs, String callId) {
    return LeaseRenewed.newBuilder().setLeaseMs(leaseMs).setCallId(callId).build();
  }

  /** The body that reports a tool call this worker has no handler for. */
  static ToolCallNotStarted unknownTool(ToolCallAssignment call) {
    return notStarted(
        call,
        NotStartedReason.UNKNOWN_TOOL,
        "This worker has no handler for tool " + call.getName());
  }

  /** The body that reports a tool call that did not start, and why. */
  static ToolCallNotStarted notStarted(
      ToolCallAssignment call, NotStartedReason reason, String detail) {
    return ToolCallNotStarted.newBuilder()
        .setCallId(call.getCallId())
        .setReason(reason)
        .setDetail(detail)
        .build();
  }

  /** The body that reports a tool call that ran to its end. */
  static ToolCallFinished toolCallFinished(
      ToolCallAssignment call,
      ToolResult result,
      Instant startedAt,
      Instant finishedAt,
      Duration lockWait) {
    return ToolCallFinished.newBuilder()
        .setCallId(call.getCallId())
        .setToolResult(Wire.toAvro(new ToolCallResult(call.getCallId(), result)))
        .setStartedAt(startedAt)
        .setFinishedAt(finishedAt)
        .setLockWaitMs(lockWait.toMillis())
        .build();
  }

  /** The id of call {@code index} of a step: its own, or {@code <assignmentId>-<index>}. */
  static String callId(ToolCall call, String assignmentId, int index) {
    return call.callId().orElseGet(() -> assignmentId + "-" + index);
  }

  private static ToolCallsRequested toolCallsRequested(
      StepResult.ToolCalls calls, String assignmentId, ToolRegistry tools) {
    List<ToolCallRequest> requests = new ArrayList<>(calls.calls().size());
    for (int i = 0; i < calls.calls().size(); i++) {
      ToolCall call = calls.calls().get(i);
      requests.add(
          Wire.toAvro(
              call,
              callId(call, assignmentId, i),
              tools.declaredClass(call.name()),
              tools.needsApproval(call.name())));
    }
    return ToolCallsRequested.newBuilder()
        .setCalls(requests)
        .setContent(calls.content())
        .setUsage(Wire.toAvro(calls.usage()))
        .build();
  }

  private static AgentAnswered answered(StepResult.Answer answer) {
    Message message =
        new Message(
            Message.Role.ASSISTANT, answer.content(), List.of(), Optional.empty(), answer.usage());
    return AgentAnswered.newBuilder()
        .setMessage(Wire.toAvro(message))
        .setUsage(Wire.toAvro(answer.usage()))
        .build();
  }
}
