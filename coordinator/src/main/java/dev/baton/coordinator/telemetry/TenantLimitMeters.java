package dev.baton.coordinator.telemetry;

import dev.baton.coordinator.limits.LimitListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts what the tenant limits refuse, by tenant and limit, and the submits this instance decided
 * with its own buckets because Redis did not answer. See {@code docs/operations.md}, "Tenant
 * limits".
 */
final class TenantLimitMeters implements LimitListener {

  private final MeterRegistry registry;
  private final Counter fallbackAdmitted;
  private final Counter fallbackRefused;

  /** Meters in {@code registry}; the fallback counters start at zero, so alerts have a series. */
  TenantLimitMeters(MeterRegistry registry) {
    this.registry = registry;
    this.fallbackAdmitted = fallback("admitted");
    this.fallbackRefused = fallback("refused");
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

  private void refused(String tenant, String limit) {
    Counter.builder("baton.tenant.refusals")
        .description("Requests refused with 429 by a tenant limit, by tenant and limit")
        .tags("tenant", tenant, "limit", limit)
        .register(registry)
        .increment();
  }

  private Counter fallback(String outcome) {
    return Counter.builder("baton.tenant.submit.fallbacks")
        .description(
            "Submits this instance decided with its own bucket because Redis did not answer")
        .tag("outcome", outcome)
        .register(registry);
  }
}
