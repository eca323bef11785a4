package dev.baton.cli.acceptance;

import static dev.baton.worker.OperationClass.READ;
import static dev.baton.worker.OperationClass.WRITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.cli.stack.StackAddresses;
import dev.baton.cli.testkit.BatonStackTest;
import dev.baton.cli.testkit.TestIds;
import dev.baton.worker.Step;
import dev.baton.worker.StepResult;
import dev.baton.worker.ToolCall;
import dev.baton.worker.ToolInvocation;
import dev.baton.worker.ToolResult;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One turn with three tool calls, submitted with a client's W3C {@code traceparent}, is one trace:
 * the coordinator's server span is the client span's child; both agent steps and the three tool
 * calls are children of the server span; each tool call's lock wait is its child; and each tool
 * span runs from the start of its lock wait to its finish as the {@code ToolCallCompleted} event
 * records them.
 */
@BatonStackTest
class TraceIT {

  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String CLIENT_SPAN = "00f067aa0ba902b7";
  private static final String QUEUED_TRACE_ID = "5cf92f3577b34da6a3ce929d0e0e4737";

  /** How long each tool works: the second read waits behind the write for at least this. */
  private static final Duration TOOL_TAKES = Duration.ofMillis(200);

  @TempDir Path dir;

  @Test
  void shouldMakeOneTraceOfATurnWithItsStepsToolCallsAndLockWaits(StackAddresses stack, TestIds ids)
      throws Exception {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    try (OpenTelemetrySdk otel = tracingTo(exporter);
        BatonFleet fleet = toolFleet(stack, ids, otel)) {
      String session = ids.sessionId();

      HttpResponse<String> submitted = submit(fleet, session, "t-1", TRACE_ID, "reject", 30);

      assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(200);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> named(exporter.getFinishedSpanItems(), "baton.step").size() == 2);
      List<SpanData> all = exporter.getFinishedSpanItems();
      assertThat(all)
          .filteredOn(s -> s.getName().startsWith("baton."))
          .as("every span of the workers is in the client's trace")
          .extracting(SpanData::getTraceId)
          .containsOnly(TRACE_ID);
      // Other requests (the fleet's own probes) are traces of their own.
      List<SpanData> spans = all.stream().filter(s -> s.getTraceId().equals(TRACE_ID)).toList();
      SpanData server =
          spans.stream()
              .filter(s -> s.getName().equals("POST /v1/sessions/{id}/turns"))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no server span in " + spans));
      assertThat(server.getParentSpanId()).isEqualTo(CLIENT_SPAN);
      List<SpanData> steps = named(spans, "baton.step");
      List<SpanData> tools = named(spans, "baton.tool_call");
      List<SpanData> waits = named(spans, "baton.turn_lock.wait");
      assertThat(tools).hasSize(3);
      assertThat(waits).hasSize(3);
      assertThat(steps).extracting(SpanData::getParentSpanId).containsOnly(server.getSpanId());
      assertThat(tools).extracting(SpanData::getParentSpanId).containsOnly(server.getSpanId());
      assertThat(waits)
          .extracting(SpanData::getParentSpanId)
          .containsExactlyInAnyOrderElementsOf(tools.stream().map(SpanData::getSpanId).toList());
      assertToolSpansMatchTheEvents(tools, completedCalls(fleet.api(0), session));
    }
  }

  @Test
  void shouldKeepATurnThatWaitedInTheQueueInItsClientsTrace(StackAddresses stack, TestIds ids)
      throws Exception {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    try (OpenTelemetrySdk otel = tracingTo(exporter);
        BatonFleet fleet = toolFleet(stack, ids, otel)) {
      String session = ids.sessionId();

      assertThat(submit(fleet, session, "t-1", TRACE_ID, "reject", 0).statusCode()).isEqualTo(202);
      HttpResponse<String> queued = submit(fleet, session, "t-2", QUEUED_TRACE_ID, "enqueue", 30);

      assertThat(queued.statusCode()).as(queued.body()).isEqualTo(200);
      List<String> queuedEvents = new ArrayList<>();
      fleet
          .api(0)
          .get("/v1/sessions/" + session + "/events?limit=100")
          .json()
          .get("events")
          .forEach(e -> queuedEvents.add(e.get("type").asText() + " " + e.get("turnId").asText()));
      assertThat(queuedEvents).as("t-2 waited in the queue").contains("TurnQueued t-2");
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> named(exporter.getFinishedSpanItems(), "baton.step").size() == 4);
      assertThat(named(exporter.getFinishedSpanItems(), "baton.step"))
          .extracting(SpanData::getTraceId)
          .as("each turn's two steps in its own client's trace")
          .containsExactlyInAnyOrder(TRACE_ID, TRACE_ID, QUEUED_TRACE_ID, QUEUED_TRACE_ID);
    }
  }

  private static OpenTelemetrySdk tracingTo(InMemorySpanExporter exporter) {
    return OpenTelemetrySdk.builder()
        .setTracerProvider(
            SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                .build())
        .build();
  }

  /** One coordinator on one partition, and a worker with the read and write tools. */
  private BatonFleet toolFleet(StackAddresses stack, TestIds ids, OpenTelemetrySdk otel) {
    BatonFleet fleet =
        BatonFleet.builder(stack, ids, dir).partitions(1).workers(0).openTelemetry(otel).start();
    fleet.startWorker(
        "tools",
        b ->
            b.maxInFlight(4)
                .redis(stack.redisUri())
                .agent(TraceIT::step)
                .tool("read_note", READ, TraceIT::work)
                .tool("write_note", WRITE, TraceIT::work));
    return fleet;
  }

  private static HttpResponse<String> submit(
      BatonFleet fleet, String session, String turnId, String traceId, String onBusy, int wait)
      throws Exception {
    try (HttpClient client = HttpClient.newHttpClient()) {
      return client.send(
          HttpRequest.newBuilder(
                  URI.create(
                      "http://"
                          + fleet.address(0)
                          + "/v1/sessions/"
                          + session
                          + "/turns?wait="
                          + wait))
              .header("Content-Type", "application/json")
              .header("traceparent", "00-" + traceId + "-" + CLIENT_SPAN + "-01")
              .POST(
                  HttpRequest.BodyPublishers.ofString(
                      "{\"turnId\":\""
                          + turnId
                          + "\",\"input\":\"go\",\"onBusy\":\""
                          + onBusy
                          + "\"}"))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    }
  }

  /** Each tool span starts where its call's lock wait started and ends at its finish. */
  private static void assertToolSpansMatchTheEvents(
      List<SpanData> tools, Map<String, JsonNode> completed) {
    assertThat(completed).hasSize(3);
    for (SpanData tool : tools) {
      String callId =
          tool.getAttributes().asMap().entrySet().stream()
              .filter(e -> e.getKey().getKey().equals("baton.tool.call_id"))
              .map(e -> String.valueOf(e.getValue()))
              .findFirst()
              .orElseThrow();
      JsonNode event = completed.get(callId);
      assertThat(event).as("ToolCallCompleted of %s", callId).isNotNull();
      long startedAt = Instant.parse(event.get("startedAt").asText()).toEpochMilli();
      long finishedAt = Instant.parse(event.get("finishedAt").asText()).toEpochMilli();
      long lockWaitMs = event.get("lockWaitMs").asLong();
      assertThat(millis(tool.getStartEpochNanos()))
          .as("%s starts at its lock wait", callId)
          .isCloseTo(startedAt - lockWaitMs, within(1L));
      assertThat(millis(tool.getEndEpochNanos()))
          .as("%s ends at its finish", callId)
          .isCloseTo(finishedAt, within(1L));
    }
  }

  /** The body of each {@code ToolCallCompleted} event of the session, by call id. */
  private static Map<String, JsonNode> completedCalls(BatonApi api, String session) {
    List<JsonNode> bodies = new ArrayList<>();
    for (JsonNode event :
        api.get("/v1/sessions/" + session + "/events?limit=100").json().get("events")) {
      if (event.get("type").asText().equals("ToolCallCompleted")) {
        bodies.add(event.get("body"));
      }
    }
    return bodies.stream()
        .collect(Collectors.toMap(b -> b.get("callId").asText(), Function.identity()));
  }

  private static long millis(long epochNanos) {
    return Duration.ofNanos(epochNanos).toMillis();
  }

  private static List<SpanData> named(List<SpanData> spans, String name) {
    return spans.stream().filter(s -> s.getName().equals(name)).toList();
  }

  /** The first step asks for a read, a write and a read; the second answers. */
  private static StepResult step(Step step) {
    if (step.number() == 0) {
      return StepResult.callTools(
          ToolCall.of("read_note", "{\"n\":1}"),
          ToolCall.of("write_note", "{\"n\":2}"),
          ToolCall.of("read_note", "{\"n\":3}"));
    }
    return StepResult.answer("done");
  }

  private static ToolResult work(ToolInvocation call) throws InterruptedException {
    Thread.sleep(TOOL_TAKES.toMillis()); // the tool's own work
    return ToolResult.ok("ok " + call.argumentsJson());
  }
}
