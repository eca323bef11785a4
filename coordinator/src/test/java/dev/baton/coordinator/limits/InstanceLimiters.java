package dev.baton.coordinator.limits;

import dev.baton.coordinator.limits.internal.SharedBuckets;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Limiters whose "shared" buckets are in this JVM, for tests of the HTTP layer without Redis: two
 * limiters made from one {@link InstanceLimiters} share their buckets like two instances sharing
 * Redis.
 */
public final class InstanceLimiters {

  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  /** A limiter of {@code limits} over this object's buckets. */
  public TenantLimiter limiter(TenantLimits limits, LimitListener listener) {
    return new TenantLimiter(limits, new InJvm(), listener, System::nanoTime);
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
