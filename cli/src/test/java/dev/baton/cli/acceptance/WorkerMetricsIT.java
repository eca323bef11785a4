package dev.baton.cli.acceptance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.cli.stack.StackAddresses;
import dev.baton.cli.stack.internal.FreePorts;
import dev.baton.cli.testkit.BatonProcess;
import dev.baton.cli.testkit.BatonStackTest;
import dev.baton.cli.testkit.EventSummary;
import dev.baton.cli.testkit.GrafanaDashboard;
import dev.baton.cli.testkit.PrometheusText;
import dev.baton.cli.testkit.TestIds;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code baton worker} with {@code --metrics-port} serves its meters at {@code GET /metrics}, and
 * its step and tool-call counters agree with the events the coordinator recorded for the turns it
 * ran.
 */
@BatonStackTest
class WorkerMetricsIT {

  private static final int TURNS = 3;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void shouldServeStepAndToolCallCountsThatMatchTheTurnsItRan(
      StackAddresses stack, TestIds ids, @TempDir Path dir) throws Exception {
    int metricsPort = FreePorts.pick();
    try (BatonFleet fleet = BatonFleet.builder(stack, ids, dir).workers(0).start();
        BatonProcess worker =
            BatonProcess.worker(
                "w-metrics",
                stack,
                fleet.layout(),
                ids.shareGroupId(),
                dir,
                "--tool-delay=PT0S",
                "--metrics-host=" + FreePorts.LOOPBACK,
                "--metrics-port=" + metricsPort)) {
      BatonApi api = fleet.api(0);
      List<String> sessions = IntStream.range(0, TURNS).mapToObj(i -> ids.sessionId()).toList();
      for (String session : sessions) {
        // A note of its own, written then read, and one never written: an error result.
        String note = "m" + System.nanoTime();
        String script = "tools: write %s=x, read %s, read %s-none".formatted(note, note, note);
        BatonApi.Reply turn = api.submitUntilDecided(session, "t-1", script, null, 60);
        assertThat(turn.turnStatus()).as("%s: %s", session, turn).isEqualTo("COMPLETED");
      }
      List<EventSummary> events = sessions.stream().flatMap(s -> api.events(s).stream()).toList();
      long stepsCompleted = count(events, "StepCompleted");
      long callsFinished = count(events, "ToolCallCompleted");
      assertThat(stepsCompleted).as("two steps a turn").isEqualTo(2 * TURNS);
      assertThat(callsFinished).as("three calls a turn").isEqualTo(3 * TURNS);

      // The worker counts a run once it is settled, just after its result is written.
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                PrometheusText metrics = scrape(metricsPort, worker);
                assertThat(metrics.sum("baton_worker_steps_total", Map.of("outcome", "completed")))
                    .isEqualTo(stepsCompleted);
                assertThat(
                        metrics.sum(
                            "baton_worker_tool_calls_total",
                            Map.of("class", "write", "outcome", "ok")))
                    .isEqualTo(TURNS);
                assertThat(metrics.sum("baton_worker_tool_calls_total", Map.of("outcome", "ok")))
                    .isEqualTo(2 * TURNS);
                assertThat(metrics.sum("baton_worker_tool_calls_total", Map.of("outcome", "error")))
                    .isEqualTo(TURNS);
                assertThat(metrics.sum("baton_worker_tool_calls_total")).isEqualTo(callsFinished);
              });
      PrometheusText metrics = scrape(metricsPort, worker);
      assertThat(metrics.sum("baton_worker_tool_calls_total", Map.of("class", "read")))
          .isEqualTo(2 * TURNS);
      assertThat(metrics.sum("baton_worker_step_duration_seconds_count")).isEqualTo(stepsCompleted);
      assertThat(metrics.toString())
          .contains("baton_worker_step_duration_seconds_bucket{")
          .contains("baton_worker_lock_wait_seconds_count{class=\"write\"}")
          .contains("baton_worker_delivery_count_count")
          .contains("baton_worker_handler_slots_max 16")
          .contains("baton_worker_redis_up 1")
          .contains("jvm_memory_used_bytes");
      assertThat(GrafanaDashboard.queriedMetrics())
          .filteredOn(name -> name.startsWith("baton_worker_"))
          .as("every worker metric the Grafana dashboard queries is served")
          .isNotEmpty()
          .allSatisfy(name -> assertThat(metrics.hasMetric(name)).as(name).isTrue());
    }
  }

  private static long count(List<EventSummary> events, String type) {
    return events.stream().filter(e -> e.type().equals(type)).count();
  }

  private static PrometheusText scrape(int port, BatonProcess worker)
      throws IOException, InterruptedException {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create("http://" + FreePorts.LOOPBACK + ":" + port + "/metrics"))
                .timeout(Duration.ofSeconds(5))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(worker.logTail()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
    return PrometheusText.parse(response.body());
  }
}
