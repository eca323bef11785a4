package dev.baton.coordinator.http;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /health/ready} (and {@code GET /health}, its older name) and {@code GET /health/live}:
 * 200 unless a component is down, with each component's status ({@code UP}, {@code DEGRADED} or
 * {@code DOWN}) and the worst of them.
 */
final class HealthEndpoint {

  private final HealthChecks checks;

  HealthEndpoint(HealthChecks checks) {
    this.checks = checks;
  }

  void ready(Context ctx) {
    report(ctx, checks.readiness());
  }

  void live(Context ctx) {
    report(ctx, checks.liveness());
  }

  private static void report(Context ctx, Map<String, HealthCheck> components) {
    Map<String, Object> reported = new LinkedHashMap<>();
    HealthCheck.State worst = HealthCheck.State.UP;
    for (var entry : components.entrySet()) {
      HealthCheck.Status status = safeCheck(entry.getValue());
      if (status.state().compareTo(worst) > 0) {
        worst = status.state();
      }
      Map<String, Object> component = new LinkedHashMap<>();
      component.put("status", status.state().name());
      component.put("detail", status.detail());
      reported.put(entry.getKey(), component);
    }
    Json.respond(
        ctx,
        worst == HealthCheck.State.DOWN
            ? HttpStatus.SERVICE_UNAVAILABLE.getCode()
            : HttpStatus.OK.getCode(),
        body(worst, reported));
  }

  private static Map<String, Object> body(HealthCheck.State worst, Map<String, Object> components) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", worst.name());
    body.put("components", components);
    return body;
  }

  private static HealthCheck.Status safeCheck(HealthCheck check) {
    try {
      return check.check();
    } catch (RuntimeException e) {
      return HealthCheck.Status.down(e.toString());
    }
  }
}
