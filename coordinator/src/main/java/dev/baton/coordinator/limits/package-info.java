/**
 * Limits per tenant: how fast a tenant may submit turns and how many of its turns may run and wait
 * queued at once, across every coordinator instance, and how many streams it may hold open on one
 * instance. {@link dev.baton.coordinator.limits.TenantLimits} are the settings and {@link
 * dev.baton.coordinator.limits.TenantLimiter} applies them; the HTTP API refuses what they do not
 * admit with 429 ({@code docs/http-api.md}).
 *
 * <pre>{@code
 * TenantLimits limits = TenantLimits.builder().submitRate(Optional.of(Rate.parse("20/s"))).build();
 * TenantLimiter limiter =
 *     TenantLimiter.start(limits, redisUri, applicationId, LimitListener.NONE, ownedSessions);
 * }</pre>
 */
package dev.baton.coordinator.limits;
