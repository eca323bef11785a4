package dev.baton.coordinator.limits.internal;

import dev.baton.coordinator.limits.Admission;
import dev.baton.coordinator.limits.SubmitLimit;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** This instance's own submit buckets, one per tenant and limit, for when Redis does not answer. */
final class LocalBuckets {

  private record TenantBucket(String tenant, SubmitLimit limit) {}

  private final Map<TenantBucket, Bucket> buckets = new ConcurrentHashMap<>();

  /** Takes one submit from {@code tenant}'s bucket here, or says how long until it holds one. */
  Admission tryConsume(String tenant, SubmitLimit limit) {
    ConsumptionProbe probe =
        buckets
            .computeIfAbsent(new TenantBucket(tenant, limit), LocalBuckets::create)
            .tryConsumeAndReturnRemaining(1);
    return admission(probe, false);
  }

  /** What a bucket's answer means for the submit; {@code shared} if the fleet's bucket gave it. */
  static Admission admission(ConsumptionProbe probe, boolean shared) {
    return probe.isConsumed()
        ? new Admission(true, Duration.ZERO, shared)
        : new Admission(false, Duration.ofNanos(probe.getNanosToWaitForRefill()), shared);
  }

  private static Bucket create(TenantBucket key) {
    return Bucket.builder()
        .addLimit(RedisBuckets.configuration(key.limit()).getBandwidths()[0])
        .build();
  }
}
