package dev.baton.coordinator.session;

import java.util.Objects;

/**
 * The outcome of a tool call, as the agent sees it.
 *
 * @param callId the call it answers
 * @param content the tool's output, or the error text when {@code isError}
 * @param isError whether the tool failed; the agent sees the failure and may react to it
 */
public record ToolResult(String callId, String content, boolean isError) {

  /** Null checks. */
  public ToolResult {
    Objects.requireNonNull(callId, "callId");
    Objects.requireNonNull(content, "content");
  }
}
