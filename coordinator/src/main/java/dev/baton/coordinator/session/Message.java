package dev.baton.coordinator.session;

import java.util.Objects;

/**
 * One message of a session's history.
 *
 * @param seq the message's sequence number; per session, starting at 1, without gaps
 * @param role who wrote it
 * @param content the text
 * @param turnId the turn the message belongs to
 */
public record Message(long seq, Role role, String content, String turnId) {

  /** Who wrote a message. */
  public enum Role {
    /** The client's input that started a turn. */
    USER,
    /** The agent's answer. */
    ASSISTANT,
    /** A tool call's result (added with tool calls). */
    TOOL
  }

  /** Null checks. */
  public Message {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(turnId, "turnId");
  }
}
