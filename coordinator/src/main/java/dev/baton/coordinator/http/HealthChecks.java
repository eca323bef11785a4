package dev.baton.coordinator.http;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The checks behind the health endpoints, by component name, in the order reported.
 *
 * <ul>
 *   <li>{@code readiness}: {@code GET /health/ready} and {@code GET /health}: whether this instance
 *       can serve sessions now. 503 if any is {@link HealthCheck.State#DOWN}; a {@link
 *       HealthCheck.State#DEGRADED} one (see {@link HealthCheck#degradedWhenDown}) keeps it 200.
 *   <li>{@code liveness}: {@code GET /health/live}: whether the process works at all; 503 means it
 *       should be restarted. It never depends on another service, so an outage of Kafka does not
 *       restart every instance.
 * </ul>
 *
 * <p>{@code HealthChecks.of(Map.of("kafka", kafka), Map.of("streams", streamThreads))}
 *
 * @param readiness what serving sessions needs
 * @param liveness what the process needs to be alive
 */
public record HealthChecks(Map<String, HealthCheck> readiness, Map<String, HealthCheck> liveness) {

  public HealthChecks {
    readiness = Collections.unmodifiableMap(new LinkedHashMap<>(readiness));
    liveness = Collections.unmodifiableMap(new LinkedHashMap<>(liveness));
  }

  /** Checks with these readiness and liveness checks. */
  public static HealthChecks of(
      Map<String, HealthCheck> readiness, Map<String, HealthCheck> liveness) {
    Objects.requireNonNull(readiness, "readiness");
    Objects.requireNonNull(liveness, "liveness");
    return new HealthChecks(readiness, liveness);
  }

  /** No checks: every health endpoint answers 200. */
  public static HealthChecks none() {
    return of(Map.of(), Map.of());
  }
}
