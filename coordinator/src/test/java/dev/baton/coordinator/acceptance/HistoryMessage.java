package dev.baton.coordinator.acceptance;

import dev.baton.schemas.avro.HistoryEntry;
import java.util.Objects;

/**
 * One history message as the acceptance tests compare it, whether read through the HTTP API or from
 * the history topic.
 *
 * @param seq the message's sequence number in its session
 * @param role {@code USER}, {@code ASSISTANT} or {@code TOOL}
 * @param content the text
 * @param turnId the turn that appended it; null for messages outside a turn
 */
public record HistoryMessage(long seq, String role, String content, String turnId) {

  public HistoryMessage {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(content, "content");
  }

  /** The message a history topic record holds. */
  public static HistoryMessage of(HistoryEntry entry) {
    return new HistoryMessage(
        entry.getSeq(),
        entry.getMessage().getRole().name(),
        entry.getMessage().getContent(),
        entry.getTurnId());
  }
}
