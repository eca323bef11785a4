package dev.baton.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.schemas.avro.Assignment;
import dev.baton.schemas.avro.ToolCallAssignment;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RunTraceTest {

  private static final String TRACE = "0af7651916cd43dd8448eb211c80319c";
  private static final String ROOT = "00-" + TRACE + "-b7ad6b7169203331-01";
  private static final String STEP_SPAN = "00-" + TRACE + "-1111111111111111-01";

  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final SdkTracerProvider provider =
      SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();

  @AfterEach
  void close() {
    provider.close();
  }

  private static Headers headers(String... namesAndValues) {
    RecordHeaders headers = new RecordHeaders();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      headers.add(namesAndValues[i], namesAndValues[i + 1].getBytes(StandardCharsets.UTF_8));
    }
    return headers;
  }

  private static String header(Headers headers, String name) {
    return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  @Test
  void shouldRunAStepAsAChildOfItsAssignmentsContextAndHandItsSpanAndTheRootBack() {
    Assignment step = TestAssignments.agentStep("s-1", "hi", 7);
    RunTrace trace =
        RunTrace.of(
            provider.get("test"),
            headers("traceparent", STEP_SPAN, "baton-turn-traceparent", ROOT),
            step);

    String current;
    try (Scope scope = trace.startStep()) {
      current = Span.current().getSpanContext().getSpanId();
    } finally {
      trace.end();
    }
    Headers result = trace.resultHeaders();

    SpanData span = exporter.getFinishedSpanItems().getFirst();
    assertThat(span.getName()).isEqualTo("baton.step");
    assertThat(span.getTraceId()).isEqualTo(TRACE);
    assertThat(span.getParentSpanId()).isEqualTo("1111111111111111");
    assertThat(span.getSpanId()).as("current while the handler runs").isEqualTo(current);
    assertThat(span.getAttributes().asMap().toString()).contains("baton.session.id=s-1");
    assertThat(header(result, "traceparent")).contains(span.getSpanId());
    assertThat(header(result, "baton-turn-traceparent")).isEqualTo(ROOT);
  }

  @Test
  void shouldSpanAToolCallFromItsLockWaitToItsFinishWithTheWaitAsAChild() {
    Assignment call = TestAssignments.toolCall("s-1", "read_file", 8);
    RunTrace trace = RunTrace.of(provider.get("test"), headers("traceparent", ROOT), call);
    Instant waitFrom = Instant.parse("2026-01-01T00:00:00Z");
    Instant startedAt = waitFrom.plusMillis(40);
    Instant finishedAt = startedAt.plusMillis(300);

    try (Scope scope =
        trace.startToolCall((ToolCallAssignment) call.getBody(), waitFrom, startedAt)) {
      trace.endAt(finishedAt);
    } finally {
      trace.end();
    }

    List<SpanData> spans = exporter.getFinishedSpanItems();
    SpanData wait =
        spans.stream()
            .filter(s -> s.getName().equals("baton.turn_lock.wait"))
            .findFirst()
            .orElseThrow();
    SpanData tool =
        spans.stream().filter(s -> s.getName().equals("baton.tool_call")).findFirst().orElseThrow();
    assertThat(tool.getParentSpanId()).isEqualTo("b7ad6b7169203331");
    assertThat(wait.getParentSpanId()).isEqualTo(tool.getSpanId());
    assertThat(tool.getStartEpochNanos()).isEqualTo(nanos(waitFrom));
    assertThat(tool.getEndEpochNanos()).isEqualTo(nanos(finishedAt));
    assertThat(wait.getStartEpochNanos()).isEqualTo(nanos(waitFrom));
    assertThat(wait.getEndEpochNanos()).isEqualTo(nanos(startedAt));
    assertThat(spans).as("ended once").hasSize(2);
    assertThat(header(trace.resultHeaders(), "baton-turn-traceparent"))
        .as("the record's own context is the root when it names none")
        .isEqualTo(ROOT);
  }

  @Test
  void shouldStartATraceWhenTheRecordCarriesNoneAndHandItsOwnSpanBackAsTheRoot() {
    RunTrace trace =
        RunTrace.of(
            provider.get("test"), new RecordHeaders(), TestAssignments.agentStep("s", "x", 1));

    try (Scope scope = trace.startStep()) {
      trace.end();
    }

    SpanData span = exporter.getFinishedSpanItems().getFirst();
    assertThat(span.getParentSpanContext().isValid()).isFalse();
    Headers result = trace.resultHeaders();
    assertThat(header(result, "baton-turn-traceparent"))
        .isEqualTo(header(result, "traceparent"))
        .contains(span.getSpanId());
  }

  private static long nanos(Instant at) {
    return TimeUnit.SECONDS.toNanos(at.getEpochSecond()) + at.getNano();
  }
}
