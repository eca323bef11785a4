package dev.baton.coordinator.limits.internal;

import dev.baton.coordinator.limits.TurnKind;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.Range;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turn counts in Redis: a sorted set per tenant and kind, {@code <prefix><tenant>:running} and
 * {@code <prefix><tenant>:queued}, whose members are turns ({@link TurnChange#member}) scored by
 * the time until which they count. A count is of the members scored after now; members scored
 * before now are dropped whenever a set is changed. A set expires after {@code keyTtl} without a
 * change, so the sets of a fleet that stopped do not stay.
 */
public final class RedisTurnCounts implements SharedTurnCounts {

  /**
   * KEYS[1] the set; ARGV now, max, member, until, key ttl (ms). Drops what no longer counts, then
   * counts the member if it counts already or the set holds fewer than max.
   */
  private static final String RESERVE =
      """
      redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
      if not redis.call('ZSCORE', KEYS[1], ARGV[3])
          and redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then
        return 0
      end
      redis.call('ZADD', KEYS[1], ARGV[4], ARGV[3])
      redis.call('PEXPIRE', KEYS[1], ARGV[5])
      return 1
      """;

  private final LimitsRedis redis;
  private final String keyPrefix;
  private final long keyTtlMillis;
  private volatile StatefulRedisConnection<String, String> connection;

  /**
   * Counts under {@code keyPrefix} in {@code redis}, which the caller closes; a set expires {@code
   * keyTtl} after its last change.
   */
  public RedisTurnCounts(LimitsRedis redis, String keyPrefix, Duration keyTtl) {
    this.redis = redis;
    this.keyPrefix = keyPrefix;
    this.keyTtlMillis = keyTtl.toMillis();
  }

  @Override
  public boolean reserve(
      String tenant, TurnKind kind, String member, int max, long nowMillis, long untilMillis) {
    Long counted =
        connection()
            .sync()
            .eval(
                RESERVE,
                ScriptOutputType.INTEGER,
                new String[] {key(tenant, kind)},
                Long.toString(nowMillis),
                Integer.toString(max),
                member,
                Long.toString(untilMillis),
                Long.toString(keyTtlMillis));
    return counted != null && counted == 1;
  }

  /** Sends the changes of each set as one {@code ZADD} and one {@code ZREM}, pipelined. */
  @Override
  public void apply(List<TurnChange> changes, long nowMillis, long untilMillis) {
    Map<String, Map<String, Boolean>> bySet = new LinkedHashMap<>();
    for (TurnChange change : changes) {
      // The last change of a member is the one that holds: they are idempotent.
      bySet
          .computeIfAbsent(key(change.tenant(), change.kind()), k -> new LinkedHashMap<>())
          .put(change.member(), change.counted());
    }
    RedisAsyncCommands<String, String> async = connection().async();
    List<RedisFuture<?>> sent = new ArrayList<>();
    bySet.forEach(
        (key, members) -> {
          List<ScoredValue<String>> counted = new ArrayList<>();
          List<String> dropped = new ArrayList<>();
          members.forEach(
              (member, count) -> {
                if (count) {
                  counted.add(ScoredValue.just(untilMillis, member));
                } else {
                  dropped.add(member);
                }
              });
          if (!dropped.isEmpty()) {
            sent.add(async.zrem(key, dropped.toArray(String[]::new)));
          }
          if (!counted.isEmpty()) {
            sent.add(async.zadd(key, counted.toArray(ScoredValue[]::new)));
          }
          sent.add(async.zremrangebyscore(key, Range.create(Double.NEGATIVE_INFINITY, nowMillis)));
          sent.add(async.pexpire(key, keyTtlMillis));
        });
    await(sent);
  }

  @Override
  public long count(String tenant, TurnKind kind, long nowMillis) {
    return connection()
        .sync()
        .zcount(
            key(tenant, kind),
            Range.from(Range.Boundary.excluding(nowMillis), Range.Boundary.unbounded()));
  }

  /** The key of {@code tenant}'s set of {@code kind}. */
  String key(String tenant, TurnKind kind) {
    return keyPrefix + tenant + ":" + kind.key();
  }

  private void await(List<RedisFuture<?>> sent) {
    RedisFuture<?>[] futures = sent.toArray(RedisFuture[]::new);
    if (!LettuceFutures.awaitAll(redis.timeout(), futures)) {
      throw new RedisCommandTimeoutException("turn counts not written within " + redis.timeout());
    }
  }

  private StatefulRedisConnection<String, String> connection() {
    StatefulRedisConnection<String, String> connected = connection;
    if (connected != null) {
      return connected;
    }
    synchronized (this) {
      if (connection == null) {
        connection = redis.connect(StringCodec.UTF8);
      }
      return connection;
    }
  }

  /** Nothing: the connection is closed with its {@link LimitsRedis}. */
  @Override
  public void close() {}
}
