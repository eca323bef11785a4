package dev.baton.coordinator.telemetry;

import dev.baton.coordinator.limits.LimitListener;
import dev.baton.coordinator.limits.TurnKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts what the tenant limits refuse, by tenant and limit, the submits this instance decided on
 * its own because Redis did not answer, and the changes of turn counts it could not write to Redis.
 * See {@code docs/operations.md}, "Tenant limits".
 */
final class TenantLimitMeters implements LimitListener {

  private final MeterRegistry registry;
  private final Counter fallbackAdmitted;
  private final Counter fallbackRefused;
  private final Counter turnFallbackAdmitted;
  private final Counter turnFallbackRefused;
  private final Counter turnChangesUnwritten;

  /** Meters in {@code registry}; the fallback counters start at zero, so alerts have a series. */
  TenantLimitMeters(MeterRegistry registry) {
    this.registry = registry;
    this.fallbackAdmitted = fallback("submit", "admitted");
    this.fallbackRefused = fallback("submit", "refused");
    this.turnFallbackAdmitted = fallback("turn", "admitted");
    this.turnFallbackRefused = fallback("turn", "refused");
    this.turnChangesUnwritten =
        Counter.builder("baton.tenant.turn.changes.unwritten")
            .description(
                "Changes of the tenants' turn counts not written to Redis (it did not answer);"
                    + " the next renewal writes the counts of the turns that still live")
            .register(registry);
  }

  @Override
  public void submitRefused(String tenant) {
    refused(tenant, "submit_rate");
  }

  @Override
  public void submitDecidedLocally(String tenant, boolean admitted) {
    (admitted ? fallbackAdmitted : fallbackRefused).increment();
  }

  @Override
  public void streamRefused(String tenant) {
    refused(tenant, "open_streams");
  }

  @Override
  public void turnRefused(String tenant, TurnKind kind) {
    refused(tenant, kind == TurnKind.RUNNING ? "active_turns" : "queued_turns");
  }

  @Override
  public void turnDecidedLocally(String tenant, boolean admitted) {
    (admitted ? turnFallbackAdmitted : turnFallbackRefused).increment();
  }

  @Override
  public void turnChangesUnwritten(int changes) {
    turnChangesUnwritten.increment(changes);
  }

  private void refused(String tenant, String limit) {
    Counter.builder("baton.tenant.refusals")
        .description("Requests refused with 429 by a tenant limit, by tenant and limit")
        .tags("tenant", tenant, "limit", limit)
        .register(registry)
        .increment();
  }

  /** {@code baton.tenant.submit.fallbacks} or {@code baton.tenant.turn.fallbacks}. */
  private Counter fallback(String limit, String outcome) {
    return Counter.builder("baton.tenant." + limit + ".fallbacks")
        .description(
            "Submits this instance decided by its own "
                + (limit.equals("submit") ? "bucket" : "turn counts")
                + " because Redis did not answer")
        .tag("outcome", outcome)
        .register(registry);
  }
}
