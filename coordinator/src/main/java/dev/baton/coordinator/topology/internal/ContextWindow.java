package dev.baton.coordinator.topology.internal;

import dev.baton.schemas.HistoryKey;
import dev.baton.schemas.avro.HistoryEntry;
import dev.baton.schemas.avro.Message;
import dev.baton.schemas.avro.ToolCallRequest;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import org.apache.kafka.streams.KeyValue;

/**
 * Chooses an {@code AgentStep}'s context: the newest messages of the range the session model chose,
 * within a byte budget on their text. The current turn's messages are always kept, so a step sees
 * its whole turn even when that alone is over the budget; older messages are left out from the
 * oldest on.
 */
final class ContextWindow {

  private ContextWindow() {}

  /** The chosen messages, oldest first, from {@code newestFirst}. */
  static List<HistoryEntry> select(
      Iterator<KeyValue<HistoryKey, HistoryEntry>> newestFirst, String turnId, int budgetBytes) {
    Deque<HistoryEntry> chosen = new ArrayDeque<>();
    long used = 0;
    while (newestFirst.hasNext()) {
      HistoryEntry entry = newestFirst.next().value;
      long size = textBytes(entry.getMessage());
      if (!turnId.equals(entry.getTurnId()) && used + size > budgetBytes) {
        break;
      }
      used += size;
      chosen.addFirst(entry);
    }
    return List.copyOf(chosen);
  }

  /** The UTF-8 size of a message's text: its content, tool calls and tool result. */
  static long textBytes(Message message) {
    long size = utf8Length(message.getContent());
    for (ToolCallRequest call : message.getToolCalls()) {
      size += utf8Length(call.getName()) + utf8Length(call.getArgumentsJson());
    }
    if (message.getToolResult() != null) {
      size += utf8Length(message.getToolResult().getContent());
    }
    return size;
  }

  private static long utf8Length(String text) {
    long length = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        length += 1;
      } else if (c < 0x800) {
        length += 2;
      } else if (Character.isHighSurrogate(c)) {
        length += 4;
        i++;
      } else {
        length += 3;
      }
    }
    return length;
  }
}
