package dev.baton.coordinator.http;

import dev.baton.schemas.KafkaConnection;
import dev.baton.schemas.SchemaRegistryOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Health checks of what a coordinator depends on: Kafka, the Schema Registry and Redis. Holds one
 * Kafka admin client and one Redis connection, opened lazily and closed with it.
 *
 * <p>{@code try (var deps = new DependencyChecks(kafka, registry, redis)) { deps.checks(); }}
 */
public final class DependencyChecks implements AutoCloseable {

  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  private final Admin admin;
  private final URI registrySubjects;
  private final SchemaRegistryOptions registry;
  private final HttpClient http;
  private final RedisClient redis;
  private volatile StatefulRedisConnection<String, String> redisConnection;

  /**
   * Creates the checks of the given Kafka and registry, with their client configs and credentials,
   * and of the Redis at {@code redisUri}.
   */
  public DependencyChecks(KafkaConnection kafka, SchemaRegistryOptions registry, String redisUri) {
    Map<String, Object> props = kafka.clientConfig();
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
    this.admin = Admin.create(props);
    this.registry = registry;
    this.registrySubjects = registry.baseUrl().resolve("subjects");
    this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    RedisURI uri = RedisURI.create(redisUri);
    uri.setTimeout(TIMEOUT);
    this.redis = RedisClient.create(uri);
  }

  /**
   * The checks by component name: {@code kafka}, {@code registry}, {@code redis}. Redis unreachable
   * is {@code DEGRADED}, not down: the coordinator carries on without it, and workers fall back to
   * ordered dispatch by the coordinator (slower, never unsafe).
   */
  public Map<String, HealthCheck> checks() {
    Map<String, HealthCheck> checks = new LinkedHashMap<>();
    checks.put("kafka", this::kafka);
    checks.put("registry", this::registry);
    checks.put("redis", HealthCheck.degradedWhenDown(this::redis));
    return checks;
  }

  private HealthCheck.Status kafka() {
    try {
      var cluster =
          admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis()));
      int brokers = cluster.nodes().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).size();
      return HealthCheck.Status.up(brokers + " broker(s)");
    } catch (Exception e) {
      return down(e);
    }
  }

  private HealthCheck.Status registry() {
    try {
      HttpRequest.Builder request = HttpRequest.newBuilder(registrySubjects).timeout(TIMEOUT).GET();
      registry.auth().authorization().ifPresent(value -> request.header("Authorization", value));
      int status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
      return status == 200
          ? HealthCheck.Status.up("HTTP 200")
          : HealthCheck.Status.down("HTTP " + status + " from " + registrySubjects);
    } catch (Exception e) {
      return down(e);
    }
  }

  private HealthCheck.Status redis() {
    try {
      String pong = redisConnection().sync().ping();
      return HealthCheck.Status.up(pong);
    } catch (RuntimeException e) {
      return down(e);
    }
  }

  private StatefulRedisConnection<String, String> redisConnection() {
    StatefulRedisConnection<String, String> connection = redisConnection;
    if (connection == null || !connection.isOpen()) {
      synchronized (this) {
        if (redisConnection == null || !redisConnection.isOpen()) {
          redisConnection = redis.connect();
        }
        connection = redisConnection;
      }
    }
    return connection;
  }

  private static HealthCheck.Status down(Exception e) {
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    Throwable cause = e.getCause() != null ? e.getCause() : e;
    return HealthCheck.Status.down(cause.getClass().getSimpleName() + ": " + cause.getMessage());
  }

  @Override
  public void close() {
    admin.close(TIMEOUT);
    StatefulRedisConnection<String, String> connection = redisConnection;
    if (connection != null) {
      connection.close();
    }
    redis.shutdown(Duration.ZERO, TIMEOUT);
  }
}
