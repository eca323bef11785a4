package dev.baton.cli.acceptance;

import static dev.baton.worker.OperationClass.READ;
import static dev.baton.worker.OperationClass.WRITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.cli.stack.StackAddresses;
import dev.baton.cli.testkit.BatonStackTest;
import dev.baton.cli.testkit.GrafanaDashboard;
import dev.baton.cli.testkit.PrometheusText;
import dev.baton.cli.testkit.TestIds;
import dev.baton.worker.Step;
import dev.baton.worker.StepResult;
import dev.baton.worker.ToolCall;
import dev.baton.worker.ToolInvocation;
import dev.baton.worker.ToolResult;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A coordinator's {@code /metrics} after a known workload: turns whose step writes slowly while two
 * reads wait for the turn lock, plain answers, a turn cancelled while its tool runs, and a submit
 * refused because its session is busy. Every count the workload fixes is checked exactly; lock
 * contention, which depends on timing, at least once.
 */
@BatonStackTest
class CoordinatorMetricsIT {

  private static final int CONTENDED_TURNS = 4;
  private static final int PLAIN_TURNS = 3;

  /** How long the write of a contended turn takes: the two reads after it wait at least this. */
  private static final Duration WRITE_TAKES = Duration.ofMillis(300);

  private final Set<String> holding = ConcurrentHashMap.newKeySet();

  @TempDir Path dir;

  @Test
  void shouldCountWhatTheWorkloadDidAndTimeIt(StackAddresses stack, TestIds ids) throws Exception {
    try (BatonFleet fleet = BatonFleet.builder(stack, ids, dir).partitions(1).workers(0).start()) {
      fleet.startWorker(
          "tools",
          b ->
              b.maxInFlight(4)
                  .redis(stack.redisUri())
                  .agent(CoordinatorMetricsIT::step)
                  .tool("write_slowly", WRITE, CoordinatorMetricsIT::writeSlowly)
                  .tool("read_quickly", READ, call -> ToolResult.ok("read"))
                  .tool("hold", READ, this::holdUntilCancelled));
      BatonApi api = fleet.api(0);

      String held = ids.sessionId();
      assertThat(api.submitUntilDecided(held, "t-1", "hold", null, 0).status()).isEqualTo(202);
      await().atMost(Duration.ofSeconds(60)).until(() -> !holding.isEmpty());
      assertThat(api.submit(held, "t-2", "busy?", null, 0).problemCode()).isEqualTo("SESSION_BUSY");
      assertThat(api.cancel(held, "t-1").turnStatus()).isEqualTo("CANCELLED");
      List<String> inputs =
          IntStream.range(0, CONTENDED_TURNS + PLAIN_TURNS)
              .mapToObj(i -> i < CONTENDED_TURNS ? "contend" : "hello")
              .toList();
      for (String input : inputs) {
        BatonApi.Reply reply = api.submitUntilDecided(ids.sessionId(), "t-1", input, null, 30);
        assertThat(reply.turnStatus()).as(reply.toString()).isEqualTo("COMPLETED");
      }

      URI metricsUrl = URI.create("http://" + fleet.address(0) + "/metrics");
      PrometheusText metrics = PrometheusText.scrape(metricsUrl);

      int turns = 1 + CONTENDED_TURNS + PLAIN_TURNS;
      assertThat(metrics.sum("baton_turns_accepted_total", Map.of("on_busy", "reject")))
          .isEqualTo(turns);
      assertThat(metrics.sum("baton_turns_rejected_total", Map.of("code", "session_busy")))
          .isEqualTo(1);
      assertThat(metrics.sum("baton_turns_ended_total", Map.of("status", "completed")))
          .isEqualTo(CONTENDED_TURNS + PLAIN_TURNS);
      assertThat(
              metrics.sum(
                  "baton_turns_ended_total", Map.of("status", "cancelled", "reason", "cancelled")))
          .isEqualTo(1);
      assertThat(metrics.sum("baton_turn_duration_seconds_count", Map.of("status", "completed")))
          .isEqualTo(CONTENDED_TURNS + PLAIN_TURNS);
      // Two steps per contended turn (the calls, then the answer), one per plain turn, and the
      // held turn's first step, which asked for its tool.
      int steps = 2 * CONTENDED_TURNS + PLAIN_TURNS + 1;
      assertThat(
              metrics.sum("baton_steps_total", Map.of("outcome", "completed", "worker", "tools")))
          .isEqualTo(steps);
      assertThat(metrics.sum("baton_step_duration_seconds_count")).isEqualTo(steps);
      assertThat(metrics.sum("baton_tool_calls_total", Map.of("class", "write", "outcome", "ok")))
          .isEqualTo(CONTENDED_TURNS);
      assertThat(metrics.sum("baton_tool_calls_total", Map.of("class", "read", "outcome", "ok")))
          .isEqualTo(2 * CONTENDED_TURNS);
      assertThat(metrics.sum("baton_tool_lock_wait_seconds_count", Map.of("class", "read")))
          .isEqualTo(2 * CONTENDED_TURNS);
      assertThat(metrics.sum("baton_tool_lock_contended_total", Map.of("class", "read")))
          .as("reads that waited for a write of their step")
          .isGreaterThanOrEqualTo(1);
      assertThat(metrics.sum("baton_tool_lock_contended_total", Map.of("class", "write")))
          .as("a write is its step's first call: it waits for nothing")
          .isZero();
      assertThat(metrics.sum("baton_tool_call_duration_seconds_sum", Map.of("class", "write")))
          .isGreaterThanOrEqualTo(CONTENDED_TURNS * WRITE_TAKES.toMillis() / 1000.0);
      assertThat(metrics.sum("baton_streams_rebalances_total")).isGreaterThanOrEqualTo(1);
      // A request is timed once its response is written: the last one may be timed a moment after
      // its client read it.
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                PrometheusText now = PrometheusText.scrape(metricsUrl);
                assertThat(now.sum("baton_http_requests_seconds_count", Map.of("method", "POST")))
                    .as("the submits, the refused one included")
                    .isEqualTo(turns + 1);
                assertThat(
                        now.sum(
                            "baton_http_requests_seconds_count",
                            Map.of(
                                "method", "DELETE", "route", "/v1/sessions/{id}/turns/{turnId}")))
                    .as("the cancel")
                    .isEqualTo(1);
              });
      assertThat(metrics.hasMetricStartingWith("kafka_stream_")).as(metrics.toString()).isTrue();
      assertThat(metrics.hasMetricStartingWith("jvm_memory_used_bytes")).isTrue();
      assertThat(metrics.toString()).doesNotContain(held);
      assertThat(GrafanaDashboard.queriedMetrics())
          .filteredOn(name -> !name.startsWith("baton_worker_"))
          .as("every coordinator metric the Grafana dashboard queries is served")
          .isNotEmpty()
          .allSatisfy(name -> assertThat(metrics.hasMetric(name)).as(name).isTrue());
    }
  }

  /** "contend": a slow write and two reads, then the answer; "hold": one held call; else answer. */
  private static StepResult step(Step step) {
    if (step.number() == 0 && step.input().equals("contend")) {
      return StepResult.callTools(
          ToolCall.of("write_slowly", "{}"),
          ToolCall.of("read_quickly", "{\"n\":1}"),
          ToolCall.of("read_quickly", "{\"n\":2}"));
    }
    if (step.number() == 0 && step.input().equals("hold")) {
      return StepResult.callTools(ToolCall.of("hold", "{}"));
    }
    return StepResult.answer("done: " + step.input());
  }

  private static ToolResult writeSlowly(ToolInvocation call) throws InterruptedException {
    Thread.sleep(WRITE_TAKES.toMillis()); // the tool's own work, which the reads wait behind
    return ToolResult.ok("written");
  }

  /** Runs until its turn is cancelled, as a long tool that checks the flag would. */
  private ToolResult holdUntilCancelled(ToolInvocation call) throws InterruptedException {
    holding.add(call.callId());
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!call.isCancelled() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    return ToolResult.ok("held");
  }
}
