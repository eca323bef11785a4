package dev.baton.cli.acceptance;

import static dev.baton.worker.OperationClass.READ;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.cli.stack.StackAddresses;
import dev.baton.cli.testkit.BatonStackTest;
import dev.baton.cli.testkit.EventSummary;
import dev.baton.cli.testkit.HistoryMessage;
import dev.baton.cli.testkit.TestIds;
import dev.baton.worker.Step;
import dev.baton.worker.StepResult;
import dev.baton.worker.ToolCall;
import dev.baton.worker.ToolInvocation;
import dev.baton.worker.ToolResult;
import dev.baton.worker.Usage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance (issue #5): a turn whose step runs three tool calls is cancelled while all three run.
 * The turn ends {@code CANCELLED} at once; history gets one synthetic tool result per call; every
 * handler sees {@code isCancelled()}; the finished step's usage is recorded once; and the worker's
 * slots are free for the session's next turn.
 */
@BatonStackTest
class CancelTurnIT {

  private static final Usage STEP_USAGE = Usage.of(120, 30, "test-model");

  private final Set<String> running = ConcurrentHashMap.newKeySet();
  private final Set<String> sawCancel = ConcurrentHashMap.newKeySet();

  @TempDir Path dir;

  @Test
  void shouldCancelATurnWithThreeCallsInFlight(StackAddresses stack, TestIds ids) {
    // One partition: the share group then gives it to all four of the worker's consumers, so the
    // three calls of the one session run at once (with more partitions than consumers, each
    // partition has one consumer, which holds one record at a time).
    try (BatonFleet fleet = BatonFleet.builder(stack, ids, dir).partitions(1).workers(0).start()) {
      fleet.startWorker(
          "tools",
          b ->
              b.maxInFlight(4)
                  .redis(stack.redisUri())
                  .agent(CancelTurnIT::step)
                  .tool("read_slowly", READ, this::waitForCancel));
      BatonApi api = fleet.api(0);
      String sessionId = ids.sessionId();

      assertThat(api.submitUntilDecided(sessionId, "t-1", "look around", null, 0).status())
          .isEqualTo(202);
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () ->
                  assertThat(running)
                      .as("calls running; events %s", api.events(sessionId).size())
                      .hasSize(3));
      BatonApi.Reply cancelled = api.cancel(sessionId, "t-1");

      assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
      assertThat(cancelled.turnStatus()).isEqualTo("CANCELLED");
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(sawCancel).hasSize(3));
      List<HistoryMessage> history = api.history(sessionId);
      assertThat(history)
          .extracting(HistoryMessage::role)
          .containsExactly("USER", "ASSISTANT", "TOOL", "TOOL", "TOOL");
      assertThat(history.subList(2, 5))
          .extracting(HistoryMessage::content)
          .allSatisfy(content -> assertThat(content).startsWith("Cancelled"));
      List<EventSummary> events = api.events(sessionId);
      assertThat(events).filteredOn(e -> e.type().equals("TurnCancelled")).hasSize(1);
      assertThat(events).filteredOn(e -> e.type().equals("UsageRecorded")).hasSize(1);
      JsonNode turnCancelled = lastBody(api, sessionId, "TurnCancelled");
      assertThat(turnCancelled.get("usage").get("inputTokens").asLong()).isEqualTo(120L);
      assertThat(turnCancelled.get("reason").asText()).isEqualTo("CANCELLED");

      BatonApi.Reply next = api.submitUntilDecided(sessionId, "t-2", "hi", null, 30);
      assertThat(next.turnStatus()).as(next.toString()).isEqualTo("COMPLETED");
      assertThat(api.cancel(sessionId, "t-2").problemCode()).isEqualTo("TURN_ENDED");
      assertThat(api.cancel(sessionId, "nope").problemCode()).isEqualTo("TURN_NOT_FOUND");
    }
  }

  /** The first step of "look around" asks for three slow reads; any other step answers. */
  private static StepResult step(Step step) {
    if (step.input().equals("look around") && step.number() == 0) {
      return StepResult.callTools(
              ToolCall.of("read_slowly", "{\"n\":1}"),
              ToolCall.of("read_slowly", "{\"n\":2}"),
              ToolCall.of("read_slowly", "{\"n\":3}"))
          .withUsage(STEP_USAGE);
    }
    return StepResult.answer("done: " + step.input());
  }

  /** Runs until the turn is cancelled, as a long tool that checks the flag would. */
  private ToolResult waitForCancel(ToolInvocation call) throws InterruptedException {
    running.add(call.callId());
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!call.isCancelled() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    if (call.isCancelled()) {
      sawCancel.add(call.callId());
    }
    return ToolResult.ok("read " + call.argumentsJson());
  }

  private static JsonNode lastBody(BatonApi api, String sessionId, String type) {
    JsonNode page = api.get("/v1/sessions/" + sessionId + "/events?limit=100").json();
    JsonNode found = null;
    for (JsonNode event : page.get("events")) {
      if (event.get("type").asText().equals(type)) {
        found = event.get("body");
      }
    }
    assertThat(found).as("a %s event", type).isNotNull();
    return found;
  }
}
