package dev.baton.worker;

import java.util.Objects;

/**
 * The result of one tool call as a later step sees it in its context: the call it answers and what
 * the tool returned.
 *
 * <pre>{@code
 * Message.tool("call-7", ToolResult.ok("hello"))   // toolResult(): ToolCallResult[callId=call-7, ...]
 * }</pre>
 *
 * @param callId the id of the call it answers, as in the assistant message's {@link
 *     Message#toolCalls()}
 * @param result the tool's output, or the error it reported
 */
public record ToolCallResult(String callId, ToolResult result) {

  /** Checks that nothing is null and that the id is not blank. */
  public ToolCallResult {
    Objects.requireNonNull(callId, "callId");
    if (callId.isBlank()) {
      throw new IllegalArgumentException("callId must not be blank");
    }
    Objects.requireNonNull(result, "result");
  }
}
