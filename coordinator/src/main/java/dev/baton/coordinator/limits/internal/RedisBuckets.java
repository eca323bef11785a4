package dev.baton.coordinator.limits.internal;

import dev.baton.coordinator.limits.Admission;
import dev.baton.coordinator.limits.SubmitLimit;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;

/**
 * Submit buckets in Redis, one key per tenant and limit, updated by Bucket4j's compare-and-swap
 * scripts over one Lettuce connection. The connection is opened on first use, so a coordinator
 * starts while Redis is down; once open, Lettuce reconnects it by itself and refuses commands at
 * once while it is disconnected, so no call waits longer than the timeout.
 */
public final class RedisBuckets implements SharedBuckets {

  /** How long a full bucket stays in Redis after its last submit. */
  private static final Duration KEEP_FULL_BUCKET = Duration.ofSeconds(10);

  private final RedisClient client;
  private final String keyPrefix;
  private final Duration timeout;
  private StatefulRedisConnection<String, byte[]> connection;
  private volatile ProxyManager<String> buckets;

  private RedisBuckets(RedisClient client, String keyPrefix, Duration timeout) {
    this.client = client;
    this.keyPrefix = keyPrefix;
    this.timeout = timeout;
  }

  /**
   * Buckets under {@code keyPrefix} in the Redis at {@code redisUri}; no call waits longer than
   * {@code timeout}.
   */
  public static RedisBuckets create(String redisUri, String keyPrefix, Duration timeout) {
    RedisURI uri = RedisURI.create(redisUri);
    uri.setTimeout(timeout);
    RedisClient client = RedisClient.create(uri);
    client.setOptions(
        ClientOptions.builder()
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
            .timeoutOptions(TimeoutOptions.enabled(timeout))
            .build());
    return new RedisBuckets(client, keyPrefix, timeout);
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
        connection = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
        buckets =
            Bucket4jLettuce.casBasedBuilder(connection)
                .expirationAfterWrite(
                    ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                        KEEP_FULL_BUCKET))
                .requestTimeout(timeout)
                .build();
      }
      return buckets;
    }
  }

  @Override
  public synchronized void close() {
    if (connection != null) {
      connection.close();
    }
    client.shutdown(Duration.ZERO, timeout);
  }
}
