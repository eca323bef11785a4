package dev.baton.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventFormatTest {

  @Test
  void shouldWriteOneReadableLineWithoutNullFields() {
    assertThat(EventFormat.line(Events.turnCompleted("chat-42", 7)))
        .isEqualTo(
            "2025-06-01T10:00:03.120Z chat-42 #7 TurnCompleted turn=t-1 steps=1 answerSeq=2");
  }

  @Test
  void shouldQuoteTextWithSpacesAndCutLongValues() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("reason", "too many steps");
    body.put("detail", "word ".repeat(40));

    String line = EventFormat.line("2025-06-01T10:00:00Z", "s", 1, "TurnFailed", null, body);

    assertThat(line)
        .startsWith(
            "2025-06-01T10:00:00Z s #1 TurnFailed reason=\"too many steps\" detail=\"word word")
        .endsWith("…");
    assertThat(line.substring(line.indexOf("detail=") + 7)).hasSize(EventFormat.MAX_VALUE_CHARS);
  }

  @Test
  void shouldWriteTheTypeAndEveryFieldAsJson() throws Exception {
    JsonNode json = new ObjectMapper().readTree(EventFormat.json(Events.turnCompleted("chat", 7)));

    assertThat(json.get("type").asText()).isEqualTo("TurnCompleted");
    assertThat(json.get("sessionId").asText()).isEqualTo("chat");
    assertThat(json.get("eventSeq").asLong()).isEqualTo(7);
    assertThat(json.get("occurredAt").asText()).isEqualTo("2025-06-01T10:00:03.120Z");
    assertThat(json.get("body").get("answerSeq").asLong()).isEqualTo(2);
  }
}
