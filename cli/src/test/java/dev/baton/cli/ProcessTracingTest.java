package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ProcessTracingTest {

  @Test
  void shouldTraceOnlyWhenAnEndpointOrAnExporterIsSet() {
    assertThat(ProcessTracing.configured(Map.of())).isFalse();
    assertThat(ProcessTracing.configured(Map.of("OTEL_TRACES_EXPORTER", "none"))).isFalse();
    assertThat(ProcessTracing.configured(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4318")))
        .isTrue();
    assertThat(ProcessTracing.configured(Map.of("OTEL_TRACES_EXPORTER", "otlp"))).isTrue();
    assertThat(ProcessTracing.sdk("baton-test", Map.of())).isEmpty();
  }

  @Test
  void shouldExportSpansOverOtlpHttpToTheEndpointSet() throws Exception {
    List<String> posts = new CopyOnWriteArrayList<>();
    HttpServer collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    collector.createContext(
        "/",
        exchange -> {
          posts.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
          exchange.getRequestBody().readAllBytes();
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    collector.start();
    String endpoint = "http://127.0.0.1:" + collector.getAddress().getPort();
    try (OpenTelemetrySdk sdk =
        ProcessTracing.sdk("baton-test", Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint))
            .orElseThrow()) {
      sdk.getTracer("test").spanBuilder("hello").startSpan().end();
      sdk.getSdkTracerProvider().forceFlush();
      await().atMost(Duration.ofSeconds(10)).until(() -> posts.contains("POST /v1/traces"));
    } finally {
      collector.stop(0);
    }
  }
}
