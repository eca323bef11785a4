package dev.baton.coordinator.limits.internal;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.RedisCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The tenant limits' Redis client: one per limiter, whose connections are opened on first use, so a
 * coordinator starts while Redis is down. Once open, Lettuce reconnects a connection by itself and
 * refuses commands at once while it is disconnected, so no call waits longer than the timeout.
 */
public final class LimitsRedis implements AutoCloseable {

  private final RedisClient client;
  private final Duration timeout;
  private final List<StatefulRedisConnection<?, ?>> connections = new ArrayList<>();

  private LimitsRedis(RedisClient client, Duration timeout) {
    this.client = client;
    this.timeout = timeout;
  }

  /** A client of the Redis at {@code redisUri}; no command waits longer than {@code timeout}. */
  public static LimitsRedis create(String redisUri, Duration timeout) {
    RedisURI uri = RedisURI.create(redisUri);
    uri.setTimeout(timeout);
    RedisClient client = RedisClient.create(uri);
    client.setOptions(
        ClientOptions.builder()
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
            .timeoutOptions(TimeoutOptions.enabled(timeout))
            .build());
    return new LimitsRedis(client, timeout);
  }

  /** The longest a command waits. */
  public Duration timeout() {
    return timeout;
  }

  /**
   * Opens a connection with {@code codec}, closed with this client.
   *
   * @throws io.lettuce.core.RedisConnectionException if Redis does not answer within the timeout
   */
  synchronized <K, V> StatefulRedisConnection<K, V> connect(RedisCodec<K, V> codec) {
    StatefulRedisConnection<K, V> connection = client.connect(codec);
    connections.add(connection);
    return connection;
  }

  @Override
  public synchronized void close() {
    connections.forEach(StatefulRedisConnection::close);
    client.shutdown(Duration.ZERO, timeout);
  }
}
