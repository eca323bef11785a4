package dev.baton.coordinator.topology.internal;

import dev.baton.coordinator.session.Utf8;
import dev.baton.schemas.HistoryKey;
import dev.baton.schemas.MessageText;
import dev.baton.schemas.avro.HistoryEntry;
import dev.baton.schemas.avro.Message;
import dev.baton.schemas.avro.Role;
import dev.baton.schemas.avro.ToolCallRequest;
import dev.baton.schemas.avro.ToolResult;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;

/**
 * Chooses an {@code AgentStep}'s context: the newest messages of the range the session model chose,
 * within a byte budget on their text. Older messages are left out from the oldest on; the current
 * turn's messages are always there, and if they alone are over the budget, the largest of them are
 * cut to fit (water-filling: a message smaller than its share is kept whole and leaves the rest to
 * the others). A cut message keeps its beginning and ends with a marker that names its history seq,
 * where the whole value stays (a tool message's text is its result's, which is cut). So no step's
 * context is larger than the budget, however large the turn's inputs and tool results are. A tool
 * message written by an earlier version, with its text in both content and result, is sent with it
 * once.
 */
final class ContextWindow {

  private ContextWindow() {}

  /** The chosen messages, oldest first, from {@code newestFirst}. */
  static List<HistoryEntry> select(
      Iterator<KeyValue<HistoryKey, HistoryEntry>> newestFirst, String turnId, int budgetBytes) {
    Deque<HistoryEntry> chosen = new ArrayDeque<>();
    long used = 0;
    while (newestFirst.hasNext()) {
      HistoryEntry entry = storedOnce(newestFirst.next().value);
      long size = textBytes(entry.getMessage());
      if (!turnId.equals(entry.getTurnId()) && used + size > budgetBytes) {
        break;
      }
      used += size;
      chosen.addFirst(entry);
    }
    List<HistoryEntry> window = List.copyOf(chosen);
    return used > budgetBytes ? cutToFit(window, budgetBytes) : window;
  }

  /** {@code window} (the turn's messages alone) with its largest messages cut to the budget. */
  private static List<HistoryEntry> cutToFit(List<HistoryEntry> window, int budgetBytes) {
    List<HistoryEntry> bySize =
        window.stream().sorted(Comparator.comparingLong(e -> textBytes(e.getMessage()))).toList();
    Map<Long, Long> allowed = new HashMap<>();
    long left = budgetBytes;
    int others = bySize.size();
    for (HistoryEntry entry : bySize) {
      long share = left / others--;
      long size = textBytes(entry.getMessage());
      allowed.put(entry.getSeq(), Math.min(size, share));
      left -= Math.min(size, share);
    }
    return window.stream().map(entry -> cut(entry, allowed.get(entry.getSeq()))).toList();
  }

  /** {@code entry} with its text cut to {@code allowedBytes}, or as it is if it fits. */
  private static HistoryEntry cut(HistoryEntry entry, long allowedBytes) {
    Message message = entry.getMessage();
    long size = textBytes(message);
    if (size <= allowedBytes) {
      return entry;
    }
    String marker =
        "\n[cut: " + size + " bytes in full, in history message seq " + entry.getSeq() + "]";
    long keep = Math.max(0, allowedBytes - (size - Utf8.length(MessageText.of(message))));
    keep = Math.max(0, keep - Utf8.length(marker));
    Message.Builder cut = Message.newBuilder(message);
    String text = prefix(MessageText.of(message), keep) + marker;
    if (message.getRole() == Role.TOOL && message.getToolResult() != null) {
      cut.setToolResult(ToolResult.newBuilder(message.getToolResult()).setContent(text).build());
    } else {
      cut.setContent(text);
    }
    return HistoryEntry.newBuilder(entry).setMessage(cut.build()).build();
  }

  /** The longest beginning of {@code text} that takes at most {@code maxBytes} in UTF-8. */
  private static String prefix(String text, long maxBytes) {
    long bytes = 0;
    int end = 0;
    while (end < text.length()) {
      int codePoint = text.codePointAt(end);
      int size = Utf8.length(codePoint);
      if (bytes + size > maxBytes) {
        break;
      }
      bytes += size;
      end += Character.charCount(codePoint);
    }
    return text.substring(0, end);
  }

  /**
   * {@code entry} with a tool message's text once: one written by an earlier version carries it in
   * both content and tool result.
   */
  private static HistoryEntry storedOnce(HistoryEntry entry) {
    Message once = MessageText.storedOnce(entry.getMessage());
    return once == entry.getMessage()
        ? entry
        : HistoryEntry.newBuilder(entry).setMessage(once).build();
  }

  /** The UTF-8 size of a message's text: its content, tool calls and tool result. */
  static long textBytes(Message message) {
    long size = Utf8.length(message.getContent());
    for (ToolCallRequest call : message.getToolCalls()) {
      size += Utf8.length(call.getName()) + Utf8.length(call.getArgumentsJson());
    }
    if (message.getToolResult() != null) {
      size += Utf8.length(message.getToolResult().getContent());
    }
    return size;
  }
}
