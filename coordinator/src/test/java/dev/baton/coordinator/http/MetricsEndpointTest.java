package dev.baton.coordinator.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.coordinator.http.ApiClient.Response;
import dev.baton.coordinator.session.SessionLimits;
import dev.baton.coordinator.telemetry.CoordinatorMeters;
import dev.baton.coordinator.telemetry.Telemetry;
import io.opentelemetry.api.OpenTelemetry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MetricsEndpointTest {

  private final CoordinatorMeters meters = CoordinatorMeters.create();
  private final InMemoryApi api =
      InMemoryApi.start(
          SessionLimits.defaults(),
          HttpOptions.defaults(),
          Telemetry.of(meters, OpenTelemetry.noop()));

  @AfterEach
  void close() {
    api.close();
    meters.close();
  }

  @Test
  void shouldServeDecisionsRequestsByRouteTemplateAndTheJvmInPrometheusText() {
    api.client().post("/v1/sessions/s-1/turns", "{\"turnId\":\"t-1\",\"input\":\"Hello\"}");
    api.client().post("/v1/sessions/s-1/turns", "{\"turnId\":\"t-2\",\"input\":\"Busy?\"}");
    api.client().get("/v1/sessions/s-1");

    Response response = api.client().get("/metrics");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.contentType()).startsWith("text/plain");
    assertThat(response.body())
        .contains("baton_turns_accepted_total{on_busy=\"reject\"} 1.0")
        .contains("baton_turns_rejected_total{code=\"session_busy\"} 1.0")
        .contains(
            "baton_http_requests_seconds_count{method=\"POST\",route=\"/v1/sessions/{id}/turns\","
                + "status=\"202\"} 1")
        .contains("route=\"/v1/sessions/{id}\"")
        .doesNotContain("s-1")
        .contains("jvm_memory_used_bytes");
  }

  @Test
  void shouldServeNoMetricsWithoutMeters() {
    try (InMemoryApi plain = InMemoryApi.start(SessionLimits.defaults(), HttpOptions.defaults())) {
      assertThat(plain.client().get("/metrics").status()).isEqualTo(404);
    }
  }
}
