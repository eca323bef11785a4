package dev.baton.coordinator.limits;

import dev.baton.coordinator.limits.internal.InJvmTurnCounts;
import dev.baton.coordinator.limits.internal.SharedBuckets;
import dev.baton.coordinator.limits.internal.TurnTracker;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Limiters whose "shared" buckets and turn counts are in this JVM, for tests of the HTTP layer
 * without Redis: two limiters made from one {@link InstanceLimiters} share them like two instances
 * sharing Redis. Their turn counts are written on the thread that changes them and never renewed.
 */
public final class InstanceLimiters {

  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
  private final InJvmTurnCounts turns = new InJvmTurnCounts();

  /** A limiter of {@code limits} over this object's buckets and turn counts. */
  public TenantLimiter limiter(TenantLimits limits, LimitListener listener) {
    Optional<TurnTracker> tracker =
        limits.limitsTurns()
            ? Optional.of(
                new TurnTracker(
                    limits,
                    turns,
                    OwnedSessions.NONE,
                    listener,
                    System::nanoTime,
                    System::currentTimeMillis,
                    Runnable::run))
            : Optional.empty();
    return new TenantLimiter(
        limits, new InJvm(), tracker, listener, System::nanoTime, Optional.empty());
  }

  /** The shared turn counts, to make them fail as Redis not answering does. */
  public InJvmTurnCounts turns() {
    return turns;
  }

  private final class InJvm implements SharedBuckets {
    @Override
    public Admission tryConsume(String tenant, SubmitLimit limit) {
      ConsumptionProbe probe =
          buckets
              .computeIfAbsent(
                  tenant,
                  t ->
                      Bucket.builder()
                          .addLimit(
                              b ->
                                  b.capacity(limit.burst())
                                      .refillGreedy(limit.rate().permits(), limit.rate().period()))
                          .build())
              .tryConsumeAndReturnRemaining(1);
      return new Admission(
          probe.isConsumed(), Duration.ofNanos(probe.getNanosToWaitForRefill()), true);
    }

    @Override
    public void close() {}
  }
}
