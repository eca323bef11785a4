package dev.baton.coordinator.http;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /health}: 200 when every component is up, 503 otherwise, with each one's status. */
final class HealthEndpoint {

  private final Map<String, HealthCheck> checks;

  HealthEndpoint(Map<String, HealthCheck> checks) {
    this.checks = Collections.unmodifiableMap(new LinkedHashMap<>(checks));
  }

  void handle(Context ctx) {
    Map<String, Object> components = new LinkedHashMap<>();
    boolean allUp = true;
    for (var entry : checks.entrySet()) {
      HealthCheck.Status status = safeCheck(entry.getValue());
      allUp &= status.up();
      components.put(
          entry.getKey(), Map.of("status", status.up() ? "UP" : "DOWN", "detail", status.detail()));
    }
    ctx.status(allUp ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
        .json(Map.of("status", allUp ? "UP" : "DOWN", "components", components));
  }

  private static HealthCheck.Status safeCheck(HealthCheck check) {
    try {
      return check.check();
    } catch (RuntimeException e) {
      return HealthCheck.Status.down(e.toString());
    }
  }
}
