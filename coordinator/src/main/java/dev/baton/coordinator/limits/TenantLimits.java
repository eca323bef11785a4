package dev.baton.coordinator.limits;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The limits of every tenant: a default that applies to each, and overrides per tenant. Immutable;
 * build with {@link #builder()}. A submit limit holds across every coordinator instance (its bucket
 * is in Redis), and so do the limits of running and queued turns (their counts are in Redis); a
 * stream limit holds per instance.
 *
 * <pre>{@code
 * TenantLimits limits = TenantLimits.builder()
 *     .submitRate(Optional.of(Rate.parse("20/s")))
 *     .maxActiveTurns(OptionalInt.of(10))
 *     .override("acme", TenantLimits.SUBMIT_RATE, "100/s")
 *     .override("acme", TenantLimits.MAX_STREAMS, "500")
 *     .override("acme", TenantLimits.MAX_QUEUED_TURNS, "50")
 *     .build();
 * limits.of("acme").submits(); // 100/s (burst 100)
 * }</pre>
 */
public final class TenantLimits {

  /** Default of the default {@link TenantLimit#submits()} rate: none, submits are not limited. */
  public static final Optional<Rate> DEFAULT_SUBMIT_RATE = Optional.empty();

  /** Default of the default {@link TenantLimit#maxStreams()}: none. */
  public static final OptionalInt DEFAULT_MAX_STREAMS = OptionalInt.empty();

  /** Default of the default {@link TenantLimit#maxActiveTurns()}: none. */
  public static final OptionalInt DEFAULT_MAX_ACTIVE_TURNS = OptionalInt.empty();

  /** Default of the default {@link TenantLimit#maxQueuedTurns()}: none. */
  public static final OptionalInt DEFAULT_MAX_QUEUED_TURNS = OptionalInt.empty();

  /** Default of {@link #turnRenewInterval()}. */
  public static final Duration DEFAULT_TURN_RENEW_INTERVAL = Duration.ofSeconds(10);

  /**
   * How many renew intervals a counted turn counts without being renewed: {@link #turnLease()} is
   * this many times {@link #turnRenewInterval()}.
   */
  public static final int TURN_LEASE_RENEWALS = 6;

  /**
   * Default of {@link #redisTimeout()}: the longest a submit waits for the shared bucket in Redis
   * before the instance decides on its own.
   */
  public static final Duration DEFAULT_REDIS_TIMEOUT = Duration.ofMillis(250);

  /** Default of {@link #redisRetryInterval()}. */
  public static final Duration DEFAULT_REDIS_RETRY_INTERVAL = Duration.ofSeconds(1);

  /** The override key of a tenant's submit rate: a {@link Rate} or {@value #OFF}. */
  public static final String SUBMIT_RATE = "submit-rate";

  /** The override key of a tenant's submit burst: a whole number of 1 or more. */
  public static final String SUBMIT_BURST = "submit-burst";

  /**
   * The override key of a tenant's open streams per instance: a whole number, 0 or off for none.
   */
  public static final String MAX_STREAMS = "max-streams";

  /**
   * The override key of a tenant's running turns over the fleet: a whole number, 0 or off for none.
   */
  public static final String MAX_ACTIVE_TURNS = "max-active-turns";

  /**
   * The override key of a tenant's queued turns over the fleet: a whole number, 0 or off for none.
   */
  public static final String MAX_QUEUED_TURNS = "max-queued-turns";

  /** The override keys. */
  public static final List<String> KEYS =
      List.of(SUBMIT_RATE, SUBMIT_BURST, MAX_STREAMS, MAX_ACTIVE_TURNS, MAX_QUEUED_TURNS);

  /** The value that lifts a limit. */
  public static final String OFF = "off";

  private static final TenantLimits DEFAULTS = builder().build();

  private final TenantLimit defaults;
  private final Map<String, TenantLimit> overrides;
  private final Duration redisTimeout;
  private final Duration redisRetryInterval;
  private final Duration turnRenewInterval;

  private TenantLimits(Builder builder, TenantLimit defaults, Map<String, TenantLimit> overrides) {
    this.defaults = defaults;
    this.overrides = Map.copyOf(overrides);
    this.redisTimeout = builder.redisTimeout;
    this.redisRetryInterval = builder.redisRetryInterval;
    this.turnRenewInterval = builder.turnRenewInterval;
  }

  /** No limits. */
  public static TenantLimits defaults() {
    return DEFAULTS;
  }

  /** A builder that starts from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** The limits of {@code tenant}: its override, else the default. */
  public TenantLimit of(String tenant) {
    return overrides.getOrDefault(tenant, defaults);
  }

  /** The limits of a tenant without an override. */
  public TenantLimit defaultLimit() {
    return defaults;
  }

  /** The tenants with limits of their own, resolved against the default. */
  public Map<String, TenantLimit> overrides() {
    return overrides;
  }

  /** Whether some tenant's submits are limited, so that the shared buckets are needed. */
  public boolean limitsSubmits() {
    return defaults.submits().isPresent()
        || overrides.values().stream().anyMatch(limit -> limit.submits().isPresent());
  }

  /** Whether some tenant's running or queued turns are limited, so that they are counted. */
  public boolean limitsTurns() {
    return defaults.limitsTurns() || overrides.values().stream().anyMatch(TenantLimit::limitsTurns);
  }

  /**
   * How long a submit waits for its bucket or its turn count in Redis; when Redis does not answer
   * in time, this instance decides on its own ({@code docs/operations.md}, Tenant limits).
   */
  public Duration redisTimeout() {
    return redisTimeout;
  }

  /** How long an instance decides on its own after Redis failed, before it asks Redis again. */
  public Duration redisRetryInterval() {
    return redisRetryInterval;
  }

  /**
   * How often each instance renews the counts of the running and queued turns of its sessions in
   * Redis from its stores: each counted turn is a lease, which this renews while the turn lives.
   */
  public Duration turnRenewInterval() {
    return turnRenewInterval;
  }

  /**
   * How long a counted turn counts without being renewed: {@value #TURN_LEASE_RENEWALS} times
   * {@link #turnRenewInterval()}. A turn whose end was not written to Redis (Redis was down, or its
   * owner stopped at once) stops counting after it.
   */
  public Duration turnLease() {
    return turnRenewInterval.multipliedBy(TURN_LEASE_RENEWALS);
  }

  @Override
  public String toString() {
    return "TenantLimits[default="
        + defaults
        + ", overrides="
        + overrides
        + ", redisTimeout="
        + redisTimeout
        + ", redisRetryInterval="
        + redisRetryInterval
        + ", turnRenewInterval="
        + turnRenewInterval
        + "]";
  }

  /** Builds {@link TenantLimits}; each setter checks its value. */
  public static final class Builder {
    private Optional<Rate> submitRate = DEFAULT_SUBMIT_RATE;
    private Long submitBurst;
    private OptionalInt maxStreams = DEFAULT_MAX_STREAMS;
    private OptionalInt maxActiveTurns = DEFAULT_MAX_ACTIVE_TURNS;
    private OptionalInt maxQueuedTurns = DEFAULT_MAX_QUEUED_TURNS;
    private final Map<String, TenantOverride> overrides = new LinkedHashMap<>();
    private Duration redisTimeout = DEFAULT_REDIS_TIMEOUT;
    private Duration redisRetryInterval = DEFAULT_REDIS_RETRY_INTERVAL;
    private Duration turnRenewInterval = DEFAULT_TURN_RENEW_INTERVAL;

    private Builder() {}

    /** Every tenant's submit rate, unless overridden; empty for no limit. */
    public Builder submitRate(Optional<Rate> submitRate) {
      this.submitRate = Objects.requireNonNull(submitRate, "submitRate");
      return this;
    }

    /**
     * Every tenant's submit burst, unless overridden; at least 1. If never set, a tenant's burst is
     * the permits of its rate (20 for {@code 20/s}).
     */
    public Builder submitBurst(long submitBurst) {
      this.submitBurst = TenantOverride.burst(submitBurst);
      return this;
    }

    /** Every tenant's open streams per instance, unless overridden; empty for no limit. */
    public Builder maxStreams(OptionalInt maxStreams) {
      this.maxStreams = TenantOverride.atLeastOne("maxStreams", nonNull(maxStreams, "maxStreams"));
      return this;
    }

    /**
     * Every tenant's running turns at once over the fleet, unless overridden; empty for no limit.
     */
    public Builder maxActiveTurns(OptionalInt maxActiveTurns) {
      this.maxActiveTurns =
          TenantOverride.atLeastOne("maxActiveTurns", nonNull(maxActiveTurns, "maxActiveTurns"));
      return this;
    }

    /**
     * Every tenant's queued turns at once over the fleet, unless overridden; empty for no limit.
     */
    public Builder maxQueuedTurns(OptionalInt maxQueuedTurns) {
      this.maxQueuedTurns =
          TenantOverride.atLeastOne("maxQueuedTurns", nonNull(maxQueuedTurns, "maxQueuedTurns"));
      return this;
    }

    /**
     * Overrides one limit of {@code tenant}: {@value #SUBMIT_RATE} ({@code 50/s} or {@value #OFF}),
     * {@value #SUBMIT_BURST} (1 or more), or {@value #MAX_STREAMS}, {@value #MAX_ACTIVE_TURNS} or
     * {@value #MAX_QUEUED_TURNS} (1 or more; 0 or {@value #OFF} for none). The tenant's other
     * limits stay the default's.
     *
     * @throws IllegalArgumentException for an unknown key or a bad value, naming both
     */
    public Builder override(String tenant, String key, String value) {
      Objects.requireNonNull(tenant, "tenant");
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
      if (tenant.isBlank()) {
        throw new IllegalArgumentException("a tenant id must not be blank: '" + tenant + "'");
      }
      overrides.computeIfAbsent(tenant, t -> new TenantOverride()).set(tenant, key, value);
      return this;
    }

    /**
     * Overrides limits written {@code TENANT.KEY=VALUE}, such as {@code acme.submit-rate=50/s}:
     * each map key is the tenant and the limit's key joined by the last dot.
     *
     * @throws IllegalArgumentException for a key without a dot, or as {@link #override}
     */
    public Builder overrides(Map<String, String> byTenantAndKey) {
      byTenantAndKey.forEach(
          (tenantAndKey, value) -> {
            int dot = tenantAndKey.lastIndexOf('.');
            if (dot < 1) {
              throw new IllegalArgumentException(
                  "'" + tenantAndKey + "' is not TENANT.KEY; keys: " + String.join(", ", KEYS));
            }
            override(tenantAndKey.substring(0, dot), tenantAndKey.substring(dot + 1), value);
          });
      return this;
    }

    /** See {@link TenantLimits#redisTimeout()}; positive. */
    public Builder redisTimeout(Duration redisTimeout) {
      this.redisTimeout = positive("redisTimeout", redisTimeout);
      return this;
    }

    /** See {@link TenantLimits#redisRetryInterval()}; positive. */
    public Builder redisRetryInterval(Duration redisRetryInterval) {
      this.redisRetryInterval = positive("redisRetryInterval", redisRetryInterval);
      return this;
    }

    /** See {@link TenantLimits#turnRenewInterval()}; positive. */
    public Builder turnRenewInterval(Duration turnRenewInterval) {
      this.turnRenewInterval = positive("turnRenewInterval", turnRenewInterval);
      return this;
    }

    /** The limits, each tenant's override resolved against the default. */
    public TenantLimits build() {
      TenantLimit defaults =
          new TenantOverride()
              .resolve(
                  submitRate,
                  submitBurst,
                  new TenantLimit(Optional.empty(), maxStreams, maxActiveTurns, maxQueuedTurns));
      Map<String, TenantLimit> resolved = new LinkedHashMap<>();
      overrides.forEach(
          (tenant, override) ->
              resolved.put(tenant, override.resolve(submitRate, submitBurst, defaults)));
      return new TenantLimits(this, defaults, resolved);
    }

    private static OptionalInt nonNull(OptionalInt value, String name) {
      return Objects.requireNonNull(value, name);
    }

    private static Duration positive(String name, Duration value) {
      Objects.requireNonNull(value, name);
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, got " + value);
      }
      return value;
    }
  }
}
