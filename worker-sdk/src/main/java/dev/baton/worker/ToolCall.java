package dev.baton.worker;

import java.util.Objects;
import java.util.Optional;

/**
 * A tool call an agent step asks for: the tool's name and its arguments as a JSON object, with an
 * optional call id. Without one, the SDK names the call {@code <assignmentId>-<index>}, which is
 * unique within the session. The assistant messages of a later step's context ({@link
 * Message#toolCalls()}) show the calls with their ids.
 *
 * <pre>{@code
 * return StepResult.callTools(
 *     ToolCall.of("read_file", "{\"path\":\"a.txt\"}"),
 *     ToolCall.of("call-7", "write_file", "{\"path\":\"b.txt\",\"text\":\"hi\"}"));
 * }</pre>
 *
 * @param callId the call's id, if the agent (or its model) chose one
 * @param name the tool's registered name
 * @param argumentsJson the arguments as a JSON object
 */
public record ToolCall(Optional<String> callId, String name, String argumentsJson) {

  /** Checks that nothing is null and that the name and a given id are not blank. */
  public ToolCall {
    Objects.requireNonNull(callId, "callId");
    callId.ifPresent(id -> requireNotBlank("callId", id));
    requireNotBlank("name", name);
    Objects.requireNonNull(argumentsJson, "argumentsJson");
  }

  /** A call of tool {@code name} with {@code argumentsJson}; the SDK gives it an id. */
  public static ToolCall of(String name, String argumentsJson) {
    return new ToolCall(Optional.empty(), name, argumentsJson);
  }

  /** A call of tool {@code name} with {@code argumentsJson} and the id {@code callId}. */
  public static ToolCall of(String callId, String name, String argumentsJson) {
    return new ToolCall(Optional.of(callId), name, argumentsJson);
  }

  private static void requireNotBlank(String field, String value) {
    Objects.requireNonNull(value, field);
    if (value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be blank");
    }
  }
}
