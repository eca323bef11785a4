package dev.baton.coordinator.stream;

import dev.baton.schemas.avro.StepAssigned;
import dev.baton.schemas.avro.StepAttemptFailed;
import dev.baton.schemas.avro.StepCompleted;
import dev.baton.schemas.avro.StreamDelta;
import dev.baton.schemas.avro.ToolCallApprovalDecided;
import dev.baton.schemas.avro.ToolCallAwaitingApproval;
import dev.baton.schemas.avro.ToolCallCompleted;
import dev.baton.schemas.avro.ToolCallDispatched;
import dev.baton.schemas.avro.ToolCallStarted;
import dev.baton.schemas.avro.TurnCancelled;
import dev.baton.schemas.avro.TurnCompleted;
import dev.baton.schemas.avro.TurnFailed;
import dev.baton.schemas.avro.TurnMerged;
import dev.baton.schemas.avro.TurnQueued;
import dev.baton.schemas.avro.TurnRejected;
import dev.baton.schemas.avro.TurnRejectionCode;
import dev.baton.schemas.avro.TurnStarted;
import dev.baton.schemas.avro.TurnSteered;
import dev.baton.schemas.avro.TurnTimedOut;
import dev.baton.schemas.avro.Usage;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The session events a turn's stream shows, as stream event types and data. */
final class StreamEvents {

  /** What an event changes in the stream's attempt state. */
  enum Change {
    NONE,
    ATTEMPT_STARTED,
    ATTEMPT_CLOSED,
    TURN_ENDED
  }

  /**
   * A session event as the stream shows it.
   *
   * @param attempt the agent step and attempt it starts or closes, or null
   * @param token the fencing token of the attempt it starts, 0 for other events
   */
  record Mapped(String type, Map<String, Object> data, Change change, int[] attempt, long token) {
    Mapped(String type, Map<String, Object> data, Change change, int[] attempt) {
      this(type, data, change, attempt, 0);
    }
  }

  private StreamEvents() {}

  /**
   * The stream event of a session event's body, or null for events the stream does not show. Of
   * these, the ones that end an attempt or the turn need the deltas read before them ({@link
   * #needsDeltasFirst}).
   */
  static Mapped map(Object body) {
    return switch (body) {
      case TurnQueued e -> shown("turn.queued", data("position", e.getPosition()));
      case TurnSteered e ->
          shown("turn.steered", data("intoTurnId", e.getIntoTurnId(), "position", e.getPosition()));
      case TurnMerged e ->
          shown("turn.merged", data("intoTurnId", e.getIntoTurnId(), "position", e.getPosition()));
      case TurnStarted e -> shown("turn.started", data("deadline", text(e.getDeadline())));
      case StepAssigned e ->
          new Mapped(
              "step.started",
              data("step", e.getStep(), "attempt", e.getAttempt()),
              Change.ATTEMPT_STARTED,
              new int[] {e.getStep(), e.getAttempt()},
              e.getFencingToken());
      case StepCompleted e ->
          new Mapped(
              "step.completed",
              data("step", e.getStep(), "attempt", e.getAttempt(), "toolCalls", e.getToolCalls()),
              Change.ATTEMPT_CLOSED,
              new int[] {e.getStep(), e.getAttempt()});
      case StepAttemptFailed e -> attemptFailed(e);
      case ToolCallDispatched e ->
          shown(
              "tool_call.dispatched",
              data(
                  "step", e.getStep(),
                  "callId", e.getCallId(),
                  "index", e.getIndex(),
                  "name", e.getName(),
                  "operationClass", e.getOperationClass().name()));
      case ToolCallStarted e ->
          shown(
              "tool_call.started",
              data("step", e.getStep(), "callId", e.getCallId(), "workerId", e.getWorkerId()));
      case ToolCallCompleted e ->
          shown(
              "tool_call.completed",
              data(
                  "step", e.getStep(),
                  "callId", e.getCallId(),
                  "isError", e.getIsError(),
                  "lockWaitMs", e.getLockWaitMs()));
      case ToolCallAwaitingApproval e ->
          shown(
              "tool_call.awaiting_approval",
              data(
                  "step", e.getStep(),
                  "callId", e.getCallId(),
                  "name", e.getToolName(),
                  "argumentsJson", e.getArgumentsJson(),
                  "approvers", e.getApprovers(),
                  "deadline", text(e.getDeadline())));
      case ToolCallApprovalDecided e ->
          shown(
              "tool_call.approval_decided",
              data(
                  "step", e.getStep(),
                  "callId", e.getCallId(),
                  "decision", e.getDecision().name(),
                  "edited", e.getEdited(),
                  "decidedBy", e.getDecidedBy()));
      case TurnCompleted e -> ended("COMPLETED", e.getSteps(), e.getUsage(), null);
      case TurnFailed e ->
          ended(
              "FAILED",
              e.getSteps(),
              e.getUsage(),
              e.getError().getCode() + ": " + e.getError().getMessage());
      case TurnCancelled e ->
          ended(
              "CANCELLED",
              null,
              e.getUsage(),
              e.getReason().name() + (e.getDetail() == null ? "" : ": " + e.getDetail()));
      case TurnTimedOut e -> ended("TIMED_OUT", e.getSteps(), e.getUsage(), null);
      case TurnRejected e -> rejected(e);
      default -> null;
    };
  }

  /** Text of an agent step; the empty delta that marks a step's last is not sent. */
  static boolean isOutput(StreamDelta delta) {
    return delta.getCallId() == null && !delta.getText().isEmpty();
  }

  /** The data of a {@code delta} event. */
  static Map<String, Object> delta(StreamDelta delta) {
    return data(
        "step", delta.getStep(),
        "attempt", delta.getAttempt(),
        "index", delta.getIndex(),
        "delivery", delta.getDelivery(),
        "kind", delta.getKind(),
        "text", delta.getText());
  }

  /** The data of a {@value Runs#RESTARTED} event: the attempt and the run now shown. */
  static Map<String, Object> restarted(StreamDelta delta) {
    return data(
        "step", delta.getStep(),
        "attempt", delta.getAttempt(),
        "delivery", delta.getDelivery());
  }

  /** Whether an event of this body ends an attempt or the turn. */
  static boolean needsDeltasFirst(Object body) {
    return body instanceof StepCompleted
        || body instanceof StepAttemptFailed
        || body instanceof TurnCompleted
        || body instanceof TurnFailed
        || body instanceof TurnCancelled
        || body instanceof TurnTimedOut
        || body instanceof TurnRejected;
  }

  /**
   * A rejected submit ends the stream of its turn id, unless it reused a known turn's id with
   * another input: that rejection is about the submit, and the turn of that id goes on.
   */
  private static Mapped rejected(TurnRejected e) {
    if (e.getCode() == TurnRejectionCode.TURN_ID_REUSED) {
      return null;
    }
    return ended("REJECTED", 0, null, e.getCode().name() + ": " + e.getReason());
  }

  private static Mapped attemptFailed(StepAttemptFailed e) {
    Map<String, Object> data =
        data(
            "step", e.getStep(),
            "attempt", e.getAttempt(),
            "code", e.getError().getCode().toString(),
            "willRetry", e.getWillRetry());
    if (e.getCallId() != null) {
      data.put("callId", e.getCallId());
      return shown("tool_call.attempt_failed", data);
    }
    return new Mapped(
        "step.attempt_failed",
        data,
        Change.ATTEMPT_CLOSED,
        new int[] {e.getStep(), e.getAttempt()});
  }

  private static Mapped ended(String status, Integer steps, Usage usage, String error) {
    Map<String, Object> data = data("status", status, "steps", steps);
    data.put("usage", usage == null ? null : usage(usage));
    data.put("error", error);
    return new Mapped(TurnStreamEvent.TURN_ENDED, data, Change.TURN_ENDED, null);
  }

  private static Map<String, Object> usage(Usage usage) {
    return data(
        "inputTokens", usage.getInputTokens(),
        "outputTokens", usage.getOutputTokens(),
        "model", usage.getModel());
  }

  private static Mapped shown(String type, Map<String, Object> data) {
    return new Mapped(type, data, Change.NONE, null);
  }

  private static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }

  /** A map of alternating names and values, in that order; values may be null. */
  static Map<String, Object> data(Object... namesAndValues) {
    Map<String, Object> data = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      Object value = namesAndValues[i + 1];
      data.put((String) namesAndValues[i], value instanceof CharSequence t ? t.toString() : value);
    }
    return data;
  }
}
