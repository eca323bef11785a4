package dev.baton.cli.testkit;

import dev.baton.schemas.MessageText;
import dev.baton.schemas.avro.HistoryEntry;
import java.util.Objects;

/**
 * One history message as the tests compare it, whether read through the HTTP API or from the
 * history topic.
 *
 * @param seq the message's sequence number in its session
 * @param role {@code USER}, {@code ASSISTANT} or {@code TOOL}
 * @param content the text (a {@code TOOL} message's is its result's)
 * @param turnId the turn that appended it; null for messages outside a turn
 * @param callId the tool call a {@code TOOL} message answers; null for other roles or when unknown
 */
public record HistoryMessage(long seq, String role, String content, String turnId, String callId) {

  public HistoryMessage {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(content, "content");
  }

  /** A message whose tool call id is not known (not a {@code TOOL} message, or read without it). */
  public HistoryMessage(long seq, String role, String content, String turnId) {
    this(seq, role, content, turnId, null);
  }

  /** The message a history topic record holds. */
  public static HistoryMessage of(HistoryEntry entry) {
    var result = entry.getMessage().getToolResult();
    return new HistoryMessage(
        entry.getSeq(),
        entry.getMessage().getRole().name(),
        MessageText.of(entry.getMessage()),
        entry.getTurnId(),
        result == null ? null : result.getCallId());
  }
}
