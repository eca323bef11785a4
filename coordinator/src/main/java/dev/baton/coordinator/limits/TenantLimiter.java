package dev.baton.coordinator.limits;

import dev.baton.coordinator.limits.internal.OpenStreams;
import dev.baton.coordinator.limits.internal.RedisBuckets;
import dev.baton.coordinator.limits.internal.SharedBuckets;
import dev.baton.coordinator.limits.internal.SubmitBuckets;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.LongSupplier;

/**
 * Applies {@link TenantLimits} to requests. A tenant's submits are taken from a token bucket in
 * Redis that every coordinator instance of the fleet shares (Bucket4j's Lettuce integration); while
 * Redis does not answer, each instance takes them from a bucket of its own with the same limit
 * ({@code docs/operations.md}, Tenant limits). A tenant's open streams are counted on this instance
 * alone.
 *
 * <pre>{@code
 * try (TenantLimiter limiter =
 *     TenantLimiter.start(limits, "redis://127.0.0.1:6379", "baton-coordinator", listener)) {
 *   Admission admission = limiter.admitSubmit("acme");
 *   if (!admission.admitted()) { refuse(admission.retryAfter()); }
 * }
 * }</pre>
 */
public final class TenantLimiter implements AutoCloseable {

  private static final TenantLimiter UNLIMITED =
      new TenantLimiter(
          TenantLimits.defaults(), SharedBuckets.NONE, LimitListener.NONE, System::nanoTime);

  private final TenantLimits limits;
  private final SubmitBuckets submits;
  private final OpenStreams streams = new OpenStreams();
  private final LimitListener listener;

  /**
   * @param nanoTime the clock of the Redis retry interval, {@code System::nanoTime}
   */
  TenantLimiter(
      TenantLimits limits, SharedBuckets shared, LimitListener listener, LongSupplier nanoTime) {
    this.limits = limits;
    this.listener = listener;
    this.submits = new SubmitBuckets(shared, listener, limits.redisRetryInterval(), nanoTime);
  }

  /**
   * A limiter of {@code limits} whose shared buckets are in the Redis at {@code redisUri}, under
   * keys {@code baton:<applicationId>:submit-rate:}. It connects to Redis on the first limited
   * submit, so it starts while Redis is down, and not at all if no tenant has a submit rate.
   */
  public static TenantLimiter start(
      TenantLimits limits, String redisUri, String applicationId, LimitListener listener) {
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(redisUri, "redisUri");
    Objects.requireNonNull(applicationId, "applicationId");
    Objects.requireNonNull(listener, "listener");
    SharedBuckets shared =
        limits.limitsSubmits()
            ? RedisBuckets.create(
                redisUri, "baton:" + applicationId + ":submit-rate:", limits.redisTimeout())
            : SharedBuckets.NONE;
    return new TenantLimiter(limits, shared, listener, System::nanoTime);
  }

  /** A limiter that limits nothing. */
  public static TenantLimiter unlimited() {
    return UNLIMITED;
  }

  /** The limits applied. */
  public TenantLimits limits() {
    return limits;
  }

  /**
   * Takes one submit from {@code tenant}'s bucket. Never waits longer than {@link
   * TenantLimits#redisTimeout()}.
   */
  public Admission admitSubmit(String tenant) {
    Optional<SubmitLimit> limit = limits.of(tenant).submits();
    return limit.isEmpty() ? Admission.UNLIMITED : submits.tryConsume(tenant, limit.get());
  }

  /**
   * A slot for one more open stream of {@code tenant} on this instance, to close when the stream
   * ends; empty if the tenant holds its most streams here already.
   */
  public Optional<StreamSlot> openStream(String tenant) {
    OptionalInt max = limits.of(tenant).maxStreams();
    if (max.isEmpty()) {
      return Optional.of(StreamSlot.UNCOUNTED);
    }
    Optional<StreamSlot> slot = streams.tryOpen(tenant, max.getAsInt());
    if (slot.isEmpty()) {
      listener.streamRefused(tenant);
    }
    return slot;
  }

  /** How many streams {@code tenant} holds open on this instance, if it has a stream limit. */
  public int openStreams(String tenant) {
    return streams.count(tenant);
  }

  /** Whether Redis failed lately, so that this instance decides submits on its own. */
  public boolean decidingLocally() {
    return submits.sharedDown();
  }

  /** Closes the connection to Redis. */
  @Override
  public void close() {
    submits.close();
  }
}
