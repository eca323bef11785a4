package dev.baton.coordinator.limits;

import dev.baton.coordinator.limits.internal.LimitsRedis;
import dev.baton.coordinator.limits.internal.OpenStreams;
import dev.baton.coordinator.limits.internal.RedisBuckets;
import dev.baton.coordinator.limits.internal.RedisTurnCounts;
import dev.baton.coordinator.limits.internal.SharedBuckets;
import dev.baton.coordinator.limits.internal.SubmitBuckets;
import dev.baton.coordinator.limits.internal.TurnTracker;
import dev.baton.coordinator.topology.DecisionListener;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.LongSupplier;

/**
 * Applies {@link TenantLimits} to requests. A tenant's submits are taken from a token bucket in
 * Redis that every coordinator instance of the fleet shares (Bucket4j's Lettuce integration); its
 * running and queued turns are counted in Redis too, by the instances that own their sessions.
 * While Redis does not answer, each instance decides with a bucket of its own with the same limit,
 * and by the turns of its own sessions ({@code docs/operations.md}, Tenant limits). A tenant's open
 * streams are counted on this instance alone.
 *
 * <pre>{@code
 * try (TenantLimiter limiter =
 *     TenantLimiter.start(limits, "redis://127.0.0.1:6379", "baton-coordinator", listener, owned)) {
 *   Topology topology = CoordinatorTopology.build(layout, registry, options, limiter.decisions());
 *   Admission admission = limiter.admitSubmit("acme");
 *   if (!admission.admitted()) { refuse(admission.retryAfter()); }
 *   Optional<TurnSlot> slot = limiter.reserveTurn("acme/chat-1", "t-1", TurnKind.RUNNING);
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
  private final Optional<TurnTracker> turns;
  private final Optional<LimitsRedis> redis;

  /**
   * A limiter whose turns are counted by {@code turns}, if any, and which closes {@code redis}.
   *
   * @param nanoTime the clock of the Redis retry interval, {@code System::nanoTime}
   */
  TenantLimiter(
      TenantLimits limits,
      SharedBuckets shared,
      Optional<TurnTracker> turns,
      LimitListener listener,
      LongSupplier nanoTime,
      Optional<LimitsRedis> redis) {
    this.limits = limits;
    this.listener = listener;
    this.submits = new SubmitBuckets(shared, listener, limits.redisRetryInterval(), nanoTime);
    this.turns = turns;
    this.redis = redis;
  }

  /** A limiter that counts no turns. */
  TenantLimiter(
      TenantLimits limits, SharedBuckets shared, LimitListener listener, LongSupplier nanoTime) {
    this(limits, shared, Optional.empty(), listener, nanoTime, Optional.empty());
  }

  /**
   * A limiter of {@code limits} whose shared buckets and turn counts are in the Redis at {@code
   * redisUri}, under keys {@code baton:<applicationId>:submit-rate:} and {@code
   * baton:<applicationId>:tenant-turns:}. It connects to Redis on first use, so it starts while
   * Redis is down, and not at all if no tenant has a submit rate or a turn limit. The turns of the
   * {@code owned} sessions are renewed from their state ({@link TenantLimits#turnRenewInterval()}).
   */
  public static TenantLimiter start(
      TenantLimits limits,
      String redisUri,
      String applicationId,
      LimitListener listener,
      OwnedSessions owned) {
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(redisUri, "redisUri");
    Objects.requireNonNull(applicationId, "applicationId");
    Objects.requireNonNull(listener, "listener");
    Objects.requireNonNull(owned, "owned");
    if (!limits.limitsSubmits() && !limits.limitsTurns()) {
      return new TenantLimiter(limits, SharedBuckets.NONE, listener, System::nanoTime);
    }
    String prefix = "baton:" + applicationId + ":";
    LimitsRedis redis = LimitsRedis.create(redisUri, limits.redisTimeout());
    SharedBuckets shared =
        limits.limitsSubmits()
            ? new RedisBuckets(redis, prefix + "submit-rate:")
            : SharedBuckets.NONE;
    Optional<TurnTracker> turns =
        limits.limitsTurns()
            ? Optional.of(
                TurnTracker.start(
                    limits,
                    new RedisTurnCounts(
                        redis, prefix + "tenant-turns:", limits.turnLease().multipliedBy(2)),
                    owned,
                    listener))
            : Optional.empty();
    return new TenantLimiter(limits, shared, turns, listener, System::nanoTime, Optional.of(redis));
  }

  /**
   * A limiter as {@link #start(TenantLimits, String, String, LimitListener, OwnedSessions)} on an
   * instance that owns no session, so that its turn counts are never renewed.
   */
  public static TenantLimiter start(
      TenantLimits limits, String redisUri, String applicationId, LimitListener listener) {
    return start(limits, redisUri, applicationId, listener, OwnedSessions.NONE);
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
   * Counts turn {@code turnId} of the session keyed {@code sessionKey} as one of its tenant's turns
   * of {@code kind}, before its submit is written, if the tenant counts fewer than its limit over
   * the fleet. The owner's decision then keeps or drops the count; a submit that is not written
   * releases its slot. Never waits longer than {@link TenantLimits#redisTimeout()}.
   *
   * @return the turn's slot ({@link TurnSlot#UNCOUNTED} without a limit), or empty if the tenant
   *     counts its most turns of {@code kind}
   */
  public Optional<TurnSlot> reserveTurn(String sessionKey, String turnId, TurnKind kind) {
    return turns.isEmpty()
        ? Optional.of(TurnSlot.UNCOUNTED)
        : turns.get().reserve(sessionKey, turnId, kind);
  }

  /**
   * How many turns of {@code kind} {@code tenant} counts over the fleet (this instance's own count
   * while Redis does not answer); 0 if no tenant's turns are limited.
   */
  public long turnCount(String tenant, TurnKind kind) {
    return turns.map(tracker -> tracker.count(tenant, kind)).orElse(0L);
  }

  /**
   * Hears the session model's decisions on this instance, to count running and queued turns; give
   * it to the topology. It hears nothing if no tenant's turns are limited.
   */
  public DecisionListener decisions() {
    return turns.<DecisionListener>map(tracker -> tracker).orElse(DecisionListener.NONE);
  }

  /**
   * This instance's tasks changed (a rebalance ended): the running and queued turns of the sessions
   * it now owns are counted from their state at once, not from their next decision.
   */
  public void ownershipChanged() {
    turns.ifPresent(TurnTracker::takeOver);
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

  /** Whether Redis failed lately, so that this instance counts turns by its own sessions. */
  public boolean countingTurnsLocally() {
    return turns.map(TurnTracker::countingLocally).orElse(false);
  }

  /** Stops counting turns, then closes the connection to Redis. */
  @Override
  public void close() {
    turns.ifPresent(TurnTracker::close);
    submits.close();
    redis.ifPresent(LimitsRedis::close);
  }
}
