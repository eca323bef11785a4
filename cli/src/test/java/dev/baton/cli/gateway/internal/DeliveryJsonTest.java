package dev.baton.cli.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.worker.DeltaKind;
import dev.baton.worker.StepFailedException;
import dev.baton.worker.StepResult;
import dev.baton.worker.ToolCall;
import dev.baton.worker.ToolResult;
import dev.baton.worker.Usage;
import org.junit.jupiter.api.Test;

class DeliveryJsonTest {

  private final ObjectMapper mapper = new ObjectMapper();
  private final DeliveryJson json = new DeliveryJson(mapper);

  private JsonNode parse(String text) throws Exception {
    return mapper.readTree(text);
  }

  @Test
  void shouldReadAnAnswerWithUsage() throws Exception {
    StepResult result =
        json.stepResult(
            parse(
                "{\"content\":\"hi\",\"usage\":{\"inputTokens\":3,\"outputTokens\":1,\"model\":\"m\"}}"));

    assertThat(result).isEqualTo(StepResult.answer("hi", Usage.of(3, 1, "m")));
  }

  @Test
  void shouldReadToolCallsInOrder() throws Exception {
    StepResult result =
        json.stepResult(
            parse(
                "{\"toolCalls\":[{\"name\":\"a\"},{\"id\":\"c\",\"name\":\"b\",\"argumentsJson\":\"{\\\"x\\\":1}\"}],"
                    + "\"content\":\"looking\"}"));

    assertThat(result)
        .isEqualTo(
            StepResult.callTools(ToolCall.of("a", "{}"), ToolCall.of("c", "b", "{\"x\":1}"))
                .withContent("looking"));
  }

  @Test
  void shouldReadADeltaOfTextUnlessItNamesAKind() throws Exception {
    assertThat(json.delta(parse("{\"text\":\"hi\"}")))
        .isEqualTo(new DeliveryJson.Delta(DeltaKind.TEXT, "hi"));
    assertThat(json.delta(parse("{\"text\":\"hm\",\"kind\":null}")).kind())
        .isEqualTo(DeltaKind.TEXT);
    assertThat(json.delta(parse("{\"text\":\"hm\",\"kind\":\"reasoning\"}")))
        .isEqualTo(new DeliveryJson.Delta(DeltaKind.REASONING, "hm"));
  }

  @Test
  void shouldRefuseADeltaOfABadKindNamingTheRule() {
    assertThatThrownBy(() -> json.delta(parse("{\"text\":\"hm\",\"kind\":\"Reasoning\"}")))
        .isInstanceOf(GatewayProblem.class)
        .hasMessageContaining("kind")
        .hasMessageContaining(DeltaKind.PATTERN.pattern());
    assertThatThrownBy(() -> json.delta(parse("{\"text\":\"hm\",\"kind\":3}")))
        .isInstanceOf(GatewayProblem.class)
        .hasMessageContaining("kind must be a string");
  }

  @Test
  void shouldRefuseMalformedResultsNamingTheField() {
    assertThatThrownBy(() -> json.stepResult(parse("{\"toolCalls\":[]}")))
        .isInstanceOf(GatewayProblem.class)
        .hasMessageContaining("toolCalls");
    assertThatThrownBy(
            () ->
                json.stepResult(
                    parse(
                        "{\"toolCalls\":[{\"id\":\"c\",\"name\":\"a\"},{\"id\":\"c\",\"name\":\"b\"}]}")))
        .isInstanceOf(GatewayProblem.class)
        .hasMessageContaining("Two tool calls have the id c");
    assertThatThrownBy(() -> json.toolResult(parse("{\"content\":1}")))
        .isInstanceOf(GatewayProblem.class)
        .hasMessageContaining("content must be a string");
    assertThatThrownBy(() -> json.failure(parse("{\"message\":\"x\"}")))
        .isInstanceOf(GatewayProblem.class)
        .hasMessageContaining("retryable");
  }

  @Test
  void shouldReadToolResultsAndFailures() throws Exception {
    assertThat(json.toolResult(parse("{\"content\":\"no note\",\"isError\":true}")))
        .isEqualTo(ToolResult.error("no note"));
    StepFailedException failure =
        json.failure(parse("{\"retryable\":false,\"code\":\"BAD\",\"message\":\"nope\"}"));
    assertThat(failure.isRetryable()).isFalse();
    assertThat(failure.code()).isEqualTo("BAD");
    assertThat(json.failure(parse("{\"retryable\":true,\"message\":\"later\"}")).isRetryable())
        .isTrue();
  }
}
