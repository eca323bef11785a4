package dev.baton.cli.stack;

import dev.baton.cli.stack.internal.Poll;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.URI;
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
    return Poll.attempt(() -> describeCluster(bootstrapServers, timeout));
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
    return Poll.attempt(() -> subjects(registryUrl, timeout));
  }

  /** Admin client settings with short timeouts, for probes and bootstrap work. */
  public static Map<String, Object> adminConfig(String bootstrapServers) {
    return adminConfig(bootstrapServers, PROBE_TIMEOUT);
  }

  /** Admin client settings whose requests and API calls time out after {@code timeout}. */
  public static Map<String, Object> adminConfig(String bootstrapServers, Duration timeout) {
    int timeoutMs = (int) timeout.toMillis();
    return Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs,
        AdminClientConfig.CLIENT_ID_CONFIG, "baton-stack-probe");
  }

  private static Optional<String> describeCluster(String bootstrapServers, Duration timeout) {
    try (Admin admin = Admin.create(adminConfig(bootstrapServers, timeout))) {
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

  private static Optional<String> subjects(String registryUrl, Duration timeout) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(registryUrl + "/subjects"))
            .timeout(timeout)
            .GET()
            .build();
    HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).build();
    try (http) {
      int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      return status == 200 ? Optional.empty() : Optional.of("GET /subjects answered " + status);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted");
    } catch (Exception e) {
      return Poll.reasonOf(e);
    }
  }
}
