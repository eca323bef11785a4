package dev.baton.cli.stack;

import dev.baton.cli.stack.internal.Poll;
import dev.baton.schemas.KafkaConnection;
import dev.baton.schemas.SchemaRegistryOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * One-shot checks that a part of the stack answers. Each returns empty when it does, otherwise the
 * reason it does not. The same checks serve embedded parts and external addresses.
 */
public final class Probes {

  /** How long one probe may take. */
  public static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);

  private Probes() {}

  /** Kafka answers when Admin {@code describeCluster} lists at least one node. */
  public static Optional<String> kafka(String bootstrapServers) {
    return kafka(bootstrapServers, PROBE_TIMEOUT);
  }

  /** Like {@link #kafka(String)}, waiting at most {@code timeout}. */
  public static Optional<String> kafka(String bootstrapServers, Duration timeout) {
    return Poll.attempt(() -> describeCluster(KafkaConnection.of(bootstrapServers), timeout));
  }

  /**
   * Like {@link #kafka(String)}, through {@code kafka}'s client configs (TLS, SASL), waiting at
   * most {@code timeout}.
   */
  public static Optional<String> kafka(KafkaConnection kafka, Duration timeout) {
    return Poll.attempt(() -> describeCluster(kafka, timeout));
  }

  /** Redis answers when {@code PING} returns {@code PONG}. */
  public static Optional<String> redis(String redisUri) {
    return Poll.attempt(() -> ping(redisUri));
  }

  /** The registry answers when {@code GET <url>/subjects} returns HTTP 200. */
  public static Optional<String> registry(String registryUrl) {
    return registry(registryUrl, PROBE_TIMEOUT);
  }

  /** Like {@link #registry(String)}, waiting at most {@code timeout}. */
  public static Optional<String> registry(String registryUrl, Duration timeout) {
    return Poll.attempt(
        () -> subjects(SchemaRegistryOptions.builder(registryUrl).build(), timeout));
  }

  /** Like {@link #registry(String)}, with {@code registry}'s credentials. */
  public static Optional<String> registry(SchemaRegistryOptions registry, Duration timeout) {
    return Poll.attempt(() -> subjects(registry, timeout));
  }

  /** Admin client settings with short timeouts, for probes and bootstrap work. */
  public static Map<String, Object> adminConfig(String bootstrapServers) {
    return adminConfig(bootstrapServers, PROBE_TIMEOUT);
  }

  /** Admin client settings whose requests and API calls time out after {@code timeout}. */
  public static Map<String, Object> adminConfig(String bootstrapServers, Duration timeout) {
    return adminConfig(KafkaConnection.of(bootstrapServers), timeout);
  }

  /**
   * Admin client settings with {@code kafka}'s client configs, whose requests and API calls time
   * out after {@code timeout}.
   */
  public static Map<String, Object> adminConfig(KafkaConnection kafka, Duration timeout) {
    int timeoutMs = (int) timeout.toMillis();
    Map<String, Object> config = kafka.clientConfig();
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
    config.put(AdminClientConfig.CLIENT_ID_CONFIG, "baton-stack-probe");
    return config;
  }

  private static Optional<String> describeCluster(KafkaConnection kafka, Duration timeout) {
    try (Admin admin = Admin.create(adminConfig(kafka, timeout))) {
      int nodes =
          admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).size();
      return nodes > 0 ? Optional.empty() : Optional.of("the cluster has no nodes yet");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted");
    } catch (Exception e) {
      return Poll.reasonOf(e);
    }
  }

  private static Optional<String> ping(String redisUri) {
    RedisURI uri = RedisURI.create(redisUri);
    uri.setTimeout(PROBE_TIMEOUT);
    RedisClient client = RedisClient.create(uri);
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      String reply = connection.sync().ping();
      return "PONG".equals(reply) ? Optional.empty() : Optional.of("PING answered " + reply);
    } finally {
      client.shutdown(Duration.ZERO, PROBE_TIMEOUT);
    }
  }

  private static Optional<String> subjects(SchemaRegistryOptions registry, Duration timeout) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(registry.baseUrl().resolve("subjects")).timeout(timeout).GET();
    registry.auth().authorization().ifPresent(value -> request.header("Authorization", value));
    HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).build();
    try (http) {
      int status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
      return status == 200 ? Optional.empty() : Optional.of("GET /subjects answered " + status);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted");
    } catch (Exception e) {
      return Poll.reasonOf(e);
    }
  }
}
