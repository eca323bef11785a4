package dev.baton.coordinator.telemetry;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a coordinator's telemetry goes: its meters (served at {@code GET /metrics}; none serves no
 * {@code /metrics}) and the OpenTelemetry instance its spans go to ({@link OpenTelemetry#noop()}
 * records nothing).
 *
 * <pre>{@code
 * Telemetry telemetry = Telemetry.of(CoordinatorMeters.create(), openTelemetry);
 * }</pre>
 *
 * @param meters the process's meters, if it serves any
 * @param openTelemetry where spans go
 */
public record Telemetry(Optional<CoordinatorMeters> meters, OpenTelemetry openTelemetry) {

  /** The instrumentation scope of the coordinator's spans. */
  public static final String SCOPE = "dev.baton.coordinator";

  /** Null checks. */
  public Telemetry {
    Objects.requireNonNull(meters, "meters");
    Objects.requireNonNull(openTelemetry, "openTelemetry");
  }

  /** No meters and no spans. */
  public static Telemetry none() {
    return new Telemetry(Optional.empty(), OpenTelemetry.noop());
  }

  /** {@code meters} and spans to {@code openTelemetry}. */
  public static Telemetry of(CoordinatorMeters meters, OpenTelemetry openTelemetry) {
    return new Telemetry(Optional.of(meters), openTelemetry);
  }

  /** The tracer of the coordinator's spans. */
  public Tracer tracer() {
    return openTelemetry.getTracer(SCOPE);
  }
}
