package dev.baton.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.schemas.avro.HistoryEntry;
import dev.baton.schemas.avro.Message;
import dev.baton.schemas.avro.Role;
import dev.baton.schemas.avro.ToolCallRequest;
import dev.baton.schemas.avro.ToolResult;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TranscriptFormatTest {

  private static final Instant AT = Instant.parse("2025-06-01T10:00:00Z");

  @Test
  void shouldShowEachMessageWithItsToolCallsAndResults() {
    Message ask = Message.newBuilder().setRole(Role.USER).setContent("read a\nthen b").build();
    Message call =
        Message.newBuilder()
            .setRole(Role.ASSISTANT)
            .setContent("")
            .setToolCalls(
                List.of(
                    ToolCallRequest.newBuilder()
                        .setCallId("c-1")
                        .setName("read_note")
                        .setArgumentsJson("{\"name\":\"a\"}")
                        .build()))
            .build();
    Message result =
        Message.newBuilder()
            .setRole(Role.TOOL)
            .setContent("")
            .setToolResult(
                ToolResult.newBuilder()
                    .setCallId("c-1")
                    .setContent("no note a")
                    .setIsError(true)
                    .build())
            .build();

    List<String> lines =
        TranscriptFormat.lines(
            "chat-42",
            List.of(entry(1, "t-1", ask), entry(2, "t-1", call), entry(3, null, result)));

    assertThat(lines)
        .containsExactly(
            "session chat-42: 3 messages, seq 1..3",
            "#1 USER t-1 2025-06-01T10:00:00Z",
            "    read a",
            "    then b",
            "#2 ASSISTANT t-1 2025-06-01T10:00:00Z",
            "    -> read_note {\"name\":\"a\"} [c-1]",
            "#3 TOOL 2025-06-01T10:00:00Z",
            "    <- [c-1] (error) no note a");
  }

  @Test
  void shouldSayWhenThereAreNoMessages() {
    assertThat(TranscriptFormat.lines("chat-42", List.of()))
        .containsExactly("session chat-42: no messages");
  }

  @Test
  void shouldExportOneJsonObjectPerMessage() throws Exception {
    Message answer = Message.newBuilder().setRole(Role.ASSISTANT).setContent("echo: hi").build();

    String line = TranscriptFormat.json(entry(2, "t-1", answer));

    assertThat(line).doesNotContain("\n");
    JsonNode json = new ObjectMapper().readTree(line);
    assertThat(json.get("sessionId").asText()).isEqualTo("chat-42");
    assertThat(json.get("seq").asLong()).isEqualTo(2);
    assertThat(json.get("turnId").asText()).isEqualTo("t-1");
    assertThat(json.get("appendedAt").asText()).isEqualTo("2025-06-01T10:00:00Z");
    assertThat(json.get("message").get("role").asText()).isEqualTo("ASSISTANT");
    assertThat(json.get("message").get("content").asText()).isEqualTo("echo: hi");
  }

  private static HistoryEntry entry(long seq, String turnId, Message message) {
    return HistoryEntry.newBuilder()
        .setSessionId("chat-42")
        .setSeq(seq)
        .setTurnId(turnId)
        .setAppendedAt(AT)
        .setMessage(message)
        .build();
  }
}
