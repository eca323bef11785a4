package dev.baton.cli.acceptance;

import static dev.baton.worker.OperationClass.READ;
import static dev.baton.worker.OperationClass.WRITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.cli.stack.StackAddresses;
import dev.baton.cli.testkit.BatonProcess;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A coordinator's {@code /metrics} after a known workload: a turn whose worker process is killed
 * mid-step (another worker completes it: its lease expires first, or the broker hands the dead
 * member's record on first), turns whose step writes slowly while two reads wait for the turn lock,
 * plain answers, a turn cancelled while its tool runs, and a submit refused because its session is
 * busy. Every count the workload fixes is checked exactly; lock contention, which depends on
 * timing, at least once.
 */
@BatonStackTest
class CoordinatorMetricsIT {

  private static final int CONTENDED_TURNS = 4;

  /** The lease of a turn's work: the killed worker's step is presumed lost this soon. */
  private static final Duration LEASE = Duration.ofSeconds(2);

  private static final int PLAIN_TURNS = 3;

  /** How long the write of a contended turn takes: the two reads after it wait at least this. */
  private static final Duration WRITE_TAKES = Duration.ofMillis(300);

  private final Set<String> holding = ConcurrentHashMap.newKeySet();

  @TempDir Path dir;

  @Test
  void shouldCountWhatTheWorkloadDidAndTimeIt(StackAddresses stack, TestIds ids) throws Exception {
    try (BatonFleet fleet =
        BatonFleet.builder(stack, ids, dir)
            .partitions(1)
            .workers(0)
            .topology(BatonFleet.withLease(LEASE))
            .start()) {
      BatonApi api = fleet.api(0);
      String probe = ids.sessionId();
      String orphaned = ids.sessionId();
      killTheWorkerOf(fleet, api, probe, orphaned, () -> startTools(fleet));

      String held = ids.sessionId();
      assertThat(api.submitUntilDecided(held, "t-1", "hold", null, 0).status()).isEqualTo(202);
      await().atMost(Duration.ofSeconds(60)).until(() -> !holding.isEmpty());
      assertThat(api.submit(held, "t-2", "busy?", null, 0).problemCode()).isEqualTo("SESSION_BUSY");
      // Counted from the sessions' state, by a scan that a scrape starts.
      URI metricsUrl = URI.create("http://" + fleet.address(0) + "/metrics");
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                PrometheusText now = PrometheusText.scrape(metricsUrl);
                assertThat(now.sum("baton_turns_running"))
                    .as("the held turn")
                    .isGreaterThanOrEqualTo(1);
                assertThat(now.sum("baton_sessions"))
                    .as("the probe's, the orphaned and the held session")
                    .isEqualTo(3);
                assertThat(now.sum("baton_paused_sessions")).isZero();
              });
      assertThat(api.cancel(held, "t-1").turnStatus()).isEqualTo("CANCELLED");
      List<String> inputs =
          IntStream.range(0, CONTENDED_TURNS + PLAIN_TURNS)
              .mapToObj(i -> i < CONTENDED_TURNS ? "contend" : "hello")
              .toList();
      List<String> sessions = new ArrayList<>(List.of(probe, orphaned, held));
      for (String input : inputs) {
        String session = ids.sessionId();
        sessions.add(session);
        BatonApi.Reply reply = api.submitUntilDecided(session, "t-1", input, null, 30);
        assertThat(reply.turnStatus()).as(reply.toString()).isEqualTo("COMPLETED");
      }

      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> "COMPLETED".equals(api.turn(orphaned, "t-1").turnStatus()));
      PrometheusText metrics = PrometheusText.scrape(metricsUrl);

      // The killed worker's probe and orphaned turns, the held one, and the rest.
      int turns = 3 + CONTENDED_TURNS + PLAIN_TURNS;
      assertThat(metrics.sum("baton_turns_accepted_total", Map.of("on_busy", "reject")))
          .isEqualTo(turns);
      assertThat(metrics.sum("baton_turns_rejected_total", Map.of("code", "session_busy")))
          .isEqualTo(1);
      assertThat(metrics.sum("baton_turns_ended_total", Map.of("status", "completed")))
          .isEqualTo(CONTENDED_TURNS + PLAIN_TURNS + 2);
      assertThat(
              metrics.sum(
                  "baton_turns_ended_total", Map.of("status", "cancelled", "reason", "cancelled")))
          .isEqualTo(1);
      assertThat(metrics.sum("baton_turn_duration_seconds_count", Map.of("status", "completed")))
          .isEqualTo(CONTENDED_TURNS + PLAIN_TURNS + 2);
      // Two steps per contended turn (the calls, then the answer), one per plain turn, the held
      // turn's first step, which asked for its tool, and the orphaned turn's second attempt.
      int steps = 2 * CONTENDED_TURNS + PLAIN_TURNS + 2;
      assertThat(
              metrics.sum("baton_steps_total", Map.of("outcome", "completed", "worker", "tools")))
          .isEqualTo(steps);
      assertThat(
              metrics.sum("baton_steps_total", Map.of("outcome", "completed", "worker", "doomed")))
          .as("the probe's step")
          .isEqualTo(1);
      assertThat(metrics.sum("baton_step_duration_seconds_count", Map.of("outcome", "completed")))
          .isEqualTo(steps + 1);
      // The killed worker's attempt expires unless the broker delivers its record again before the
      // lease runs out (the next worker then completes the same attempt). On a loaded machine a
      // renewal of any other step may come after its short lease too: every session is counted.
      double expired = metrics.sum("baton_step_failures_total", Map.of("code", "LEASE_EXPIRED"));
      assertThat(expired)
          .as("the failed steps of every session")
          .isEqualTo(sessions.stream().mapToLong(session -> stepsFailed(api, session)).sum());
      assertThat(metrics.sum("baton_steps_total", Map.of("outcome", "failed", "worker", "none")))
          .as("a lease that ran out names no worker")
          .isEqualTo(expired);
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
          // A tenant's refusals are served from the first one on: TenantLimitsIT checks them.
          .filteredOn(name -> !name.startsWith("baton_worker_"))
          .filteredOn(name -> !name.equals("baton_tenant_refusals_total"))
          .as("every coordinator metric the Grafana dashboard queries is served")
          .isNotEmpty()
          .allSatisfy(name -> assertThat(metrics.hasMetric(name)).as(name).isTrue());
    }
  }

  /**
   * Starts a worker process, submits a turn whose step it holds (renewing the lease) for ten
   * minutes, runs {@code beforeTheKill} and kills it with SIGKILL: the turn's lease then expires
   * and its next attempt goes to the fleet.
   */
  private void killTheWorkerOf(
      BatonFleet fleet, BatonApi api, String probe, String session, Runnable beforeTheKill) {
    try (BatonProcess doomed =
        BatonProcess.worker(
            "doomed", fleet.stack(), fleet.layout(), fleet.ids().shareGroupId(), dir)) {
      // Its turns' leases would run out while it starts: wait until it has partitions to read,
      // then a first turn, answered by the only worker there is, shows that it reads them.
      fleet.awaitShareConsumersAssigned("doomed", 1);
      BatonApi.Reply answer = api.submitUntilDecided(probe, "t-1", "are you there?", null, 60);
      assertThat(answer.turnStatus()).as(answer + doomed.logTail()).isEqualTo("COMPLETED");
      assertThat(api.submitUntilDecided(session, "t-1", "sleep 600000 orphaned", null, 0).status())
          .isEqualTo(202);
      try {
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () -> api.events(session).stream().anyMatch(e -> e.type().equals("LeaseExtended")));
      } catch (ConditionTimeoutException e) {
        throw new AssertionError(
            "no lease renewal; events " + api.events(session) + "; log " + doomed.logTail(), e);
      }
      beforeTheKill.run();
      doomed.kill();
    }
  }

  private static long stepsFailed(BatonApi api, String session) {
    return api.events(session).stream().filter(e -> e.type().equals("StepAttemptFailed")).count();
  }

  /** Starts the in-process worker of the rest of the workload and waits until it reads. */
  private void startTools(BatonFleet fleet) {
    fleet.startWorker(
        "tools",
        b ->
            b.maxInFlight(4)
                .redis(fleet.stack().redisUri())
                .agent(CoordinatorMetricsIT::step)
                .tool("write_slowly", WRITE, CoordinatorMetricsIT::writeSlowly)
                .tool("read_quickly", READ, call -> ToolResult.ok("read"))
                .tool("hold", READ, this::holdUntilCancelled));
    fleet.awaitShareConsumersAssigned("tools", 1);
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
