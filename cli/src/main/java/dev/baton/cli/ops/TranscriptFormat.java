package dev.baton.cli.ops;

import dev.baton.cli.ops.internal.JsonText;
import dev.baton.coordinator.http.AvroJson;
import dev.baton.schemas.avro.HistoryEntry;
import dev.baton.schemas.avro.Message;
import dev.baton.schemas.avro.ToolCallRequest;
import dev.baton.schemas.avro.ToolResult;
import java.util.ArrayList;
import java.util.List;

/**
 * A session's transcript as text: a header and one block per message, or one line of JSON per
 * message (the export format of {@code baton replay --all}).
 *
 * <pre>{@code
 * session chat-42: 2 messages, seq 0..1
 * #0 USER t-1 2025-06-01T10:00:00Z
 *     hello baton
 * #1 ASSISTANT t-1 2025-06-01T10:00:01Z
 *     echo: hello baton
 * }</pre>
 */
public final class TranscriptFormat {

  private static final String INDENT = "    ";

  private TranscriptFormat() {}

  /** The human-readable transcript of one session's messages, given in seq order. */
  public static List<String> lines(String sessionId, List<HistoryEntry> messages) {
    List<String> lines = new ArrayList<>();
    lines.add(header(sessionId, messages));
    for (HistoryEntry entry : messages) {
      lines.add(heading(entry));
      body(entry.getMessage()).forEach(text -> indent(text, lines));
    }
    return lines;
  }

  /**
   * The transcript as {@link #lines(String, List)}, with the session's {@code lineage} (such as
   * {@code forked from chat-42 at seq 4}) after the header.
   */
  public static List<String> lines(
      String sessionId, List<HistoryEntry> messages, List<String> lineage) {
    List<String> lines = new ArrayList<>(lines(sessionId, messages));
    lines.addAll(1, lineage);
    return lines;
  }

  /** One message as one line of JSON: the history entry's fields, the message as an object. */
  public static String json(HistoryEntry entry) {
    return JsonText.of(AvroJson.fields(entry));
  }

  private static String header(String sessionId, List<HistoryEntry> messages) {
    if (messages.isEmpty()) {
      return "session " + sessionId + ": no messages";
    }
    return "session "
        + sessionId
        + ": "
        + messages.size()
        + (messages.size() == 1 ? " message" : " messages")
        + ", seq "
        + messages.getFirst().getSeq()
        + ".."
        + messages.getLast().getSeq();
  }

  private static String heading(HistoryEntry entry) {
    StringBuilder heading = new StringBuilder();
    heading.append('#').append(entry.getSeq()).append(' ').append(entry.getMessage().getRole());
    if (entry.getTurnId() != null) {
      heading.append(' ').append(entry.getTurnId());
    }
    if (entry.getAppendedAt() != null) {
      heading.append(' ').append(entry.getAppendedAt());
    }
    return heading.toString();
  }

  private static List<String> body(Message message) {
    List<String> body = new ArrayList<>();
    if (!message.getContent().isEmpty()) {
      body.add(message.getContent());
    }
    for (ToolCallRequest call : message.getToolCalls()) {
      body.add(
          "-> " + call.getName() + " " + call.getArgumentsJson() + " [" + call.getCallId() + "]");
    }
    ToolResult result = message.getToolResult();
    if (result != null) {
      String error = result.getIsError() ? " (error)" : "";
      body.add("<- [" + result.getCallId() + "]" + error + " " + result.getContent());
    }
    return body;
  }

  private static void indent(String text, List<String> lines) {
    for (String line : text.split("\n", -1)) {
      lines.add(INDENT + line);
    }
  }
}
