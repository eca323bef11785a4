package dev.baton.coordinator.session;

import java.util.Objects;

/**
 * A classified tool call of a step, as it is dispatched and kept in history.
 *
 * @param callId identifies the call within its step
 * @param index its position in the step, from 0: the order the agent asked for
 * @param name the tool's name
 * @param argumentsJson the arguments as a JSON object
 * @param operationClass how it locks the turn, decided by the {@link OperationClassifier}
 */
public record ToolCall(
    String callId, int index, String name, String argumentsJson, OperationClass operationClass) {

  /** Null and range checks. */
  public ToolCall {
    Objects.requireNonNull(callId, "callId");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(argumentsJson, "argumentsJson");
    Objects.requireNonNull(operationClass, "operationClass");
    if (index < 0) {
      throw new IllegalArgumentException("index must be at least 0, got " + index);
    }
  }
}
