package dev.baton.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.client.TurnEvent;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TurnRendererTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final StringWriter out = new StringWriter();

  @Test
  void shouldAppendDeltasAndPutStepAndToolLinesOnTheirOwnLines() throws Exception {
    TurnRenderer renderer =
        new TurnRenderer(new PrintWriter(out), false, () -> Optional.of("unused"));

    show(
        renderer,
        event("turn.started", "{\"deadline\":\"2026-01-01T00:00:00Z\"}"),
        event("step.started", "{\"step\":0,\"attempt\":0}"),
        event("delta", "{\"step\":0,\"attempt\":0,\"index\":0,\"text\":\"thinking \"}"),
        event("delta", "{\"step\":0,\"attempt\":0,\"index\":1,\"text\":\"hard\"}"),
        event(
            "tool_call.dispatched",
            "{\"step\":0,\"callId\":\"c-1\",\"index\":0,\"name\":\"read_note\",\"operationClass\":\"READ\"}"),
        event("step.completed", "{\"step\":0,\"attempt\":0,\"toolCalls\":1}"),
        event("tool_call.started", "{\"step\":0,\"callId\":\"c-1\",\"workerId\":\"w\"}"),
        event(
            "tool_call.completed",
            "{\"step\":0,\"callId\":\"c-1\",\"isError\":false,\"lockWaitMs\":3}"),
        event("step.started", "{\"step\":1,\"attempt\":0}"),
        event("delta", "{\"step\":1,\"attempt\":0,\"index\":0,\"text\":\"done\"}"),
        event(
            "turn.ended",
            "{\"status\":\"COMPLETED\",\"steps\":2,\"usage\":{\"inputTokens\":12,"
                + "\"outputTokens\":40,\"model\":null},\"error\":null}"));

    assertThat(out.toString().lines())
        .containsExactly(
            "· step 0",
            "thinking hard",
            "· → read_note (READ)",
            "· step 0: 1 tool call",
            "· ← read_note done, waited 3 ms for the lock",
            "· step 1",
            "done",
            "COMPLETED · 2 steps · 12 in / 40 out tokens");
    assertThat(renderer.status()).contains("COMPLETED");
  }

  @Test
  void shouldShowACallThatWaitsForApprovalAndItsDecision() throws Exception {
    TurnRenderer renderer = new TurnRenderer(new PrintWriter(out), false, Optional::empty);

    renderer.show(
        event(
            "tool_call.awaiting_approval",
            "{\"step\":0,\"callId\":\"c-1\",\"name\":\"deploy\",\"argumentsJson\":\"{}\","
                + "\"approvers\":\"turns:write\",\"deadline\":\"2026-01-01T00:05:00Z\"}"));
    renderer.show(
        event(
            "tool_call.approval_decided",
            "{\"step\":0,\"callId\":\"c-1\",\"decision\":\"DENIED\",\"edited\":false,"
                + "\"decidedBy\":\"k-1\"}"));

    assertThat(out.toString().lines())
        .containsExactly(
            "· ? deploy (c-1) waits for approval until 2026-01-01T00:05:00Z",
            "· c-1 DENIED by k-1");
  }

  @Test
  void shouldSayThatAFailedAttemptsOutputIsVoidAndShowTheError() throws Exception {
    TurnRenderer renderer =
        new TurnRenderer(new PrintWriter(out), true, () -> Optional.of("unused"));

    show(
        renderer,
        event("step.started", "{\"step\":0,\"attempt\":0}"),
        event(
            "delta",
            "{\"step\":0,\"attempt\":0,\"index\":0,\"kind\":\"reasoning\",\"text\":\"hm \"}"),
        event("delta", "{\"step\":0,\"attempt\":0,\"index\":1,\"text\":\"half\"}"),
        event("step.restarted", "{\"step\":0,\"attempt\":0,\"delivery\":2}"),
        event("delta", "{\"step\":0,\"attempt\":0,\"index\":0,\"text\":\"half\"}"),
        event(
            "step.attempt_failed",
            "{\"step\":0,\"attempt\":0,\"code\":\"LEASE_EXPIRED\",\"willRetry\":true}"),
        event(
            "turn.ended",
            "{\"status\":\"FAILED\",\"steps\":1,\"usage\":null,\"error\":\"AGENT_ERROR: boom\"}"));

    assertThat(out.toString().lines())
        .containsExactly(
            "\u001b[2m· step 0\u001b[0m",
            "\u001b[2mhm \u001b[0mhalf",
            "\u001b[2m· step 0 attempt 0 restarted in another run; its output is void\u001b[0m",
            "half",
            "\u001b[2m· step 0 attempt 0 failed: LEASE_EXPIRED, trying again; its output is"
                + " void\u001b[0m",
            "FAILED · 1 step · AGENT_ERROR: boom");
    assertThat(renderer.status()).contains("FAILED");
  }

  private static void show(TurnRenderer renderer, TurnEvent... events) {
    for (TurnEvent event : events) {
      renderer.show(event);
    }
  }

  private static TurnEvent event(String type, String data) throws Exception {
    return new TurnEvent("1.x", type, JSON.readTree(data));
  }

  @Test
  void shouldShowTheAnswerOfATurnThatCompletedWithoutStreamingIt() throws Exception {
    TurnRenderer renderer =
        new TurnRenderer(new PrintWriter(out), false, () -> Optional.of("done: read a -> hello"));

    show(
        renderer,
        event("step.started", "{\"step\":1,\"attempt\":0}"),
        event(
            "turn.ended", "{\"status\":\"COMPLETED\",\"steps\":2,\"usage\":null,\"error\":null}"));

    assertThat(out.toString().lines())
        .containsExactly("· step 1", "done: read a -> hello", "COMPLETED · 2 steps");
  }

  @Test
  void shouldSayWhichTurnAnInputThatJoinedItEndedWith() throws Exception {
    TurnRenderer renderer =
        new TurnRenderer(new PrintWriter(out), false, () -> Optional.of("steered 1: turn left"));

    show(
        renderer,
        event("turn.steered", "{\"intoTurnId\":\"main\",\"position\":0}"),
        event(
            "turn.ended",
            "{\"status\":\"COMPLETED\",\"steps\":3,\"usage\":null,\"error\":null,"
                + "\"joinedTurnId\":\"main\"}"));

    assertThat(out.toString().lines())
        .containsExactly(
            "· steered into turn main",
            "steered 1: turn left",
            "COMPLETED · 3 steps · with turn main");
  }
}
