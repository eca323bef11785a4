package dev.baton.worker;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One message of a step's context ({@link Step#context()}): the user's input, the agent's answer or
 * its request for tool calls, a tool call's result, or a system prompt. Immutable.
 *
 * <pre>{@code
 * for (Message message : step.context()) {
 *   switch (message.role()) {
 *     case USER, SYSTEM -> prompt.add(message.role(), message.content());
 *     case ASSISTANT -> prompt.addAssistant(message.content(), message.toolCalls());
 *     case TOOL -> message.toolResult().ifPresent(r -> prompt.addToolResult(r.callId(), r.result()));
 *   }
 * }
 * }</pre>
 *
 * <p>Tests of an agent build a context with the factories:
 *
 * <pre>{@code
 * List<Message> context = List.of(
 *     Message.user("tools: read a"),
 *     Message.assistant("", List.of(ToolCall.of("c-0", "read_note", "{\"name\":\"a\"}"))),
 *     Message.tool("c-0", ToolResult.ok("hello")));
 * }</pre>
 *
 * @param role who wrote the message
 * @param content the text; may be empty, as for an assistant message that only calls tools
 * @param toolCalls the tool calls an assistant message asks for, in the order the agent asked for
 *     them, each with its id; empty for other roles
 * @param toolResult the result a {@link Role#TOOL TOOL} message carries; empty for other roles
 * @param usage the tokens the model used to write an assistant message, if known
 */
public record Message(
    Role role,
    String content,
    List<ToolCall> toolCalls,
    Optional<ToolCallResult> toolResult,
    Optional<Usage> usage) {

  /** Who wrote a message. */
  public enum Role {
    /** The client's input that started a turn. */
    USER,
    /** The agent: its answer, or its request for tool calls. */
    ASSISTANT,
    /** A tool: the result of a tool call. */
    TOOL,
    /** A system prompt. */
    SYSTEM
  }

  private static final Pattern CUT_MARKER =
      Pattern.compile("\\[cut: \\d+ bytes in full, in history message seq (\\d+)\\]$");

  /** Checks that nothing is null and every tool call has an id, and copies the calls. */
  public Message {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(content, "content");
    toolCalls = List.copyOf(Objects.requireNonNull(toolCalls, "toolCalls"));
    Objects.requireNonNull(toolResult, "toolResult");
    Objects.requireNonNull(usage, "usage");
    for (ToolCall call : toolCalls) {
      if (call.callId().isEmpty()) {
        throw new IllegalArgumentException(
            "every tool call of a message has an id, but the call of " + call.name() + " has none");
      }
    }
  }

  /**
   * The history seq whose whole text this message's content was cut from, if the coordinator cut it
   * to fit the step's context: the {@code S} of the marker {@code [cut: N bytes in full, in history
   * message seq S]} that then ends the content. Read the whole text with {@link Step#wholeText}.
   */
  public OptionalLong cutFromSeq() {
    Matcher marker = CUT_MARKER.matcher(content);
    return marker.find() ? OptionalLong.of(Long.parseLong(marker.group(1))) : OptionalLong.empty();
  }

  /** The client's input {@code content}. */
  public static Message user(String content) {
    return new Message(Role.USER, content, List.of(), Optional.empty(), Optional.empty());
  }

  /** A system prompt. */
  public static Message system(String content) {
    return new Message(Role.SYSTEM, content, List.of(), Optional.empty(), Optional.empty());
  }

  /** An assistant answer with no tool calls. */
  public static Message assistant(String content) {
    return assistant(content, List.of());
  }

  /**
   * An assistant message that asks for {@code toolCalls}, each with its id, with {@code content}.
   */
  public static Message assistant(String content, List<ToolCall> toolCalls) {
    return new Message(Role.ASSISTANT, content, toolCalls, Optional.empty(), Optional.empty());
  }

  /**
   * The result of tool call {@code callId}; the content is the result's, as the coordinator writes
   * it.
   */
  public static Message tool(String callId, ToolResult result) {
    return new Message(
        Role.TOOL,
        Objects.requireNonNull(result, "result").content(),
        List.of(),
        Optional.of(new ToolCallResult(callId, result)),
        Optional.empty());
  }
}
