package dev.baton.schemas;

import dev.baton.schemas.avro.Message;
import dev.baton.schemas.avro.Role;

/**
 * The text of a history message as readers should see it. A {@code TOOL} message stores its text
 * once, in {@code toolResult.content}, and has an empty {@code content}; messages written by
 * earlier coordinator versions carry the same text in both. Read a message's text with {@link #of},
 * never from {@code content} alone.
 *
 * <pre>{@code
 * String text = MessageText.of(entry.getMessage());
 * }</pre>
 */
public final class MessageText {

  private MessageText() {}

  /** The message's text: a tool message's result, else its content. */
  public static String of(Message message) {
    if (message.getRole() == Role.TOOL && message.getToolResult() != null) {
      return message.getToolResult().getContent();
    }
    return message.getContent();
  }

  /**
   * {@code message} with its text stored once: a tool message written with its text in both fields
   * gets an empty {@code content}; any other message is returned as it is.
   */
  public static Message storedOnce(Message message) {
    if (message.getRole() != Role.TOOL
        || message.getToolResult() == null
        || message.getContent().isEmpty()) {
      return message;
    }
    return Message.newBuilder(message).setContent("").build();
  }
}
