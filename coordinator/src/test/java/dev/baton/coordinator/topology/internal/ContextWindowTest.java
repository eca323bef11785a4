package dev.baton.coordinator.topology.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.schemas.HistoryKey;
import dev.baton.schemas.avro.HistoryEntry;
import dev.baton.schemas.avro.Message;
import dev.baton.schemas.avro.Role;
import dev.baton.schemas.avro.ToolResult;
import java.time.Instant;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;

/** A tool message's text goes into a step's context once, also when history holds it twice. */
class ContextWindowTest {

  private static final Instant AT = Instant.parse("2025-06-01T10:00:00Z");

  @Test
  void shouldSendAToolMessageWrittenWithItsTextTwiceOnce() {
    String output = "o".repeat(1_000);
    HistoryEntry older = tool(2, output, output);

    List<HistoryEntry> window = ContextWindow.select(newestFirst(older), "t-1", 1_500);

    Message sent = window.getFirst().getMessage();
    assertThat(sent.getContent()).isEmpty();
    assertThat(sent.getToolResult().getContent()).as("within the budget, whole").isEqualTo(output);
  }

  @Test
  void shouldCutAToolMessagesResultToTheWholeBudgetNotHalfOfIt() {
    String output = "o".repeat(10_000);

    List<HistoryEntry> window =
        ContextWindow.select(newestFirst(tool(2, "", output)), "t-1", 4_000);

    String sent = window.getFirst().getMessage().getToolResult().getContent();
    assertThat(sent).endsWith("[cut: 10000 bytes in full, in history message seq 2]");
    assertThat(sent.length()).isGreaterThan(3_900).isLessThanOrEqualTo(4_000);
  }

  private static HistoryEntry tool(long seq, String content, String result) {
    Message message =
        new Message(Role.TOOL, content, List.of(), new ToolResult("c-0", result, false), null);
    return new HistoryEntry("s-1", seq, "t-1", AT, message);
  }

  private static Iterator<KeyValue<HistoryKey, HistoryEntry>> newestFirst(HistoryEntry... entries) {
    return Arrays.stream(entries)
        .map(e -> KeyValue.pair(new HistoryKey(e.getSessionId(), e.getSeq()), e))
        .iterator();
  }
}
