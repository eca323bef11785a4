package dev.baton.coordinator.session;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One message of a session's history.
 *
 * @param seq the message's sequence number; per session, starting at 1, without gaps
 * @param role who wrote it
 * @param content the text; may be empty for an assistant message that only calls tools, and is
 *     empty for a tool message, whose text is its {@code toolResult}'s (stored once)
 * @param turnId the turn the message belongs to
 * @param toolCalls the tool calls an assistant message asks for, by index; empty otherwise
 * @param toolResult the result a tool message carries; empty for other roles
 */
public record Message(
    long seq,
    Role role,
    String content,
    String turnId,
    List<ToolCall> toolCalls,
    Optional<ToolResult> toolResult) {

  /** Who wrote a message. */
  public enum Role {
    /** The client's input that started a turn. */
    USER,
    /** The agent's answer, or its request for tool calls. */
    ASSISTANT,
    /** A tool call's result. */
    TOOL
  }

  /** Null checks and a defensive copy. */
  public Message {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(turnId, "turnId");
    toolCalls = List.copyOf(toolCalls);
    Objects.requireNonNull(toolResult, "toolResult");
  }

  /** A message with no tool calls and no tool result. */
  public Message(long seq, Role role, String content, String turnId) {
    this(seq, role, content, turnId, List.of(), Optional.empty());
  }
}
