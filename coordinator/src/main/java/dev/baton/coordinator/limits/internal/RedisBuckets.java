package dev.baton.coordinator.limits.internal;

import dev.baton.coordinator.limits.Admission;
import dev.baton.coordinator.limits.SubmitLimit;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;

/**
 * Submit buckets in Redis, one key per tenant and limit, updated by Bucket4j's compare-and-swap
 * scripts over one Lettuce connection of a {@link LimitsRedis}, opened on first use.
 */
public final class RedisBuckets implements SharedBuckets {

  /** How long a full bucket stays in Redis after its last submit. */
  private static final Duration KEEP_FULL_BUCKET = Duration.ofSeconds(10);

  private final LimitsRedis redis;
  private final String keyPrefix;
  private volatile ProxyManager<String> buckets;

  /** Buckets under {@code keyPrefix} in {@code redis}, which the caller closes. */
  public RedisBuckets(LimitsRedis redis, String keyPrefix) {
    this.redis = redis;
    this.keyPrefix = keyPrefix;
  }

  @Override
  public Admission tryConsume(String tenant, SubmitLimit limit) {
    ConsumptionProbe probe =
        buckets()
            .builder()
            .build(key(tenant, limit), () -> configuration(limit))
            .tryConsumeAndReturnRemaining(1);
    return LocalBuckets.admission(probe, true);
  }

  /**
   * The key of {@code tenant}'s bucket of {@code limit}: the limit is part of it, so that instances
   * configured with another limit (during a rolling change) use another bucket rather than replace
   * each other's configuration.
   */
  String key(String tenant, SubmitLimit limit) {
    return keyPrefix + tenant + ":" + limit.rate() + ":" + limit.burst();
  }

  /** The bucket of {@code limit}, the same here and in {@link LocalBuckets}. */
  static BucketConfiguration configuration(SubmitLimit limit) {
    return BucketConfiguration.builder()
        .addLimit(
            bandwidth ->
                bandwidth
                    .capacity(limit.burst())
                    .refillGreedy(limit.rate().permits(), limit.rate().period()))
        .build();
  }

  private ProxyManager<String> buckets() {
    ProxyManager<String> connected = buckets;
    if (connected != null) {
      return connected;
    }
    synchronized (this) {
      if (buckets == null) {
        buckets =
            Bucket4jLettuce.casBasedBuilder(
                    redis.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE)))
                .expirationAfterWrite(
                    ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                        KEEP_FULL_BUCKET))
                .requestTimeout(redis.timeout())
                .build();
      }
      return buckets;
    }
  }

  /** Nothing: the connection is closed with its {@link LimitsRedis}. */
  @Override
  public void close() {}
}
