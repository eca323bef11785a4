package dev.baton.cli;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The OpenTelemetry of a command's process: OpenTelemetry's SDK, configured from its standard
 * {@code OTEL_*} environment variables (or {@code otel.*} system properties), when an OTLP endpoint
 * or a traces exporter is set; a no-op otherwise, so tracing costs nothing unless asked for. Only
 * traces are exported (metrics are Prometheus', at {@code /metrics}); the service name is the
 * command's unless {@code OTEL_SERVICE_NAME} says otherwise.
 *
 * <pre>{@code
 * OTEL_EXPORTER_OTLP_ENDPOINT=http://collector:4318 ./baton coordinator ...
 * }</pre>
 */
final class ProcessTracing {

  /** The settings, any of which turns tracing on. */
  static final List<String> SWITCHES =
      List.of(
          "OTEL_EXPORTER_OTLP_ENDPOINT",
          "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
          "OTEL_TRACES_EXPORTER");

  private ProcessTracing() {}

  /**
   * The process's OpenTelemetry for {@code serviceName}, closed (its spans flushed) by {@code
   * shutdown}.
   */
  static OpenTelemetry start(String serviceName, UntilShutdown shutdown) {
    return sdk(serviceName, System.getenv())
        .<OpenTelemetry>map(shutdown::closeAtShutdown)
        .orElse(OpenTelemetry.noop());
  }

  /** The SDK for {@code serviceName} if {@code env} (or the system properties) asks for traces. */
  static Optional<OpenTelemetrySdk> sdk(String serviceName, Map<String, String> env) {
    if (!configured(env)) {
      return Optional.empty();
    }
    Map<String, String> properties = new HashMap<>();
    properties.put("otel.service.name", serviceName);
    // The JDK's HTTP client sends OTLP over HTTP (port 4318), not gRPC.
    properties.put("otel.exporter.otlp.protocol", "http/protobuf");
    properties.put("otel.metrics.exporter", "none");
    properties.put("otel.logs.exporter", "none");
    env.forEach(
        (name, value) -> {
          if (name.startsWith("OTEL_")) {
            properties.put(name.toLowerCase(Locale.ROOT).replace('_', '.'), value);
          }
        });
    return Optional.of(
        AutoConfiguredOpenTelemetrySdk.builder()
            .addPropertiesSupplier(() -> properties)
            .build()
            .getOpenTelemetrySdk());
  }

  /** Whether {@code env} (or the system properties) asks for traces. */
  static boolean configured(Map<String, String> env) {
    for (String name : SWITCHES) {
      String value = env.get(name);
      if (value == null) {
        value = System.getProperty(name.toLowerCase(Locale.ROOT).replace('_', '.'));
      }
      if (value != null && !value.isBlank() && !Objects.equals(value.strip(), "none")) {
        return true;
      }
    }
    return false;
  }
}
