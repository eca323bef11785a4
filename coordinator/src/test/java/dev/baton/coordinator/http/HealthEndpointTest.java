package dev.baton.coordinator.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.coordinator.http.ApiClient.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The health endpoints over HTTP: readiness with a degradable Redis, and liveness apart. */
class HealthEndpointTest {

  private final AtomicReference<HealthCheck.Status> kafka =
      new AtomicReference<>(HealthCheck.Status.up("1 broker(s)"));
  private final AtomicReference<HealthCheck.Status> redis =
      new AtomicReference<>(HealthCheck.Status.up("PONG"));
  private final AtomicReference<HealthCheck.Status> streams =
      new AtomicReference<>(HealthCheck.Status.up("streams RUNNING"));
  private final AtomicReference<HealthCheck.Status> threads =
      new AtomicReference<>(HealthCheck.Status.up("streams RUNNING"));
  private HttpApi api;
  private ApiClient client;

  @BeforeEach
  void start() {
    Map<String, HealthCheck> readiness = new LinkedHashMap<>();
    readiness.put("kafka", kafka::get);
    readiness.put("redis", HealthCheck.degradedWhenDown(redis::get));
    readiness.put("coordinator", streams::get);
    api =
        HttpApi.start(
            "127.0.0.1", 0, HealthChecks.of(readiness, Map.of("coordinator", threads::get)));
    client = new ApiClient(api.port());
  }

  @AfterEach
  void stop() {
    api.close();
  }

  /**
   * The bench's thousand HTTP clients connecting at once saw hundreds of connections reset with the
   * JVM's default backlog of 50; whether a burst overflows it depends on the machine's load, so the
   * setting itself is what this checks.
   */
  @Test
  void shouldListenWithAnAcceptQueueForABurstOfAThousandClients() {
    assertThat(api.acceptQueueSize()).isEqualTo(HttpApi.ACCEPT_QUEUE).isGreaterThanOrEqualTo(1000);
    assertThat(client.get("/health/live").status()).isEqualTo(200);
  }

  @Test
  void shouldAnswer200UpWhenEveryComponentIsUp() {
    for (String path : new String[] {"/health", "/health/ready", "/health/live"}) {
      Response response = client.get(path);

      assertThat(response.status()).as(path).isEqualTo(200);
      assertThat(response.contentType()).startsWith("application/json");
      assertThat(response.json().get("status").asText()).as(path).isEqualTo("UP");
    }
  }

  @Test
  void shouldStay200WithRedisDegradedWhenRedisIsDown() {
    redis.set(HealthCheck.Status.down("RedisConnectionException: connection refused"));

    for (String path : new String[] {"/health", "/health/ready"}) {
      Response response = client.get(path);

      assertThat(response.status()).as(path).isEqualTo(200);
      assertThat(response.json().get("status").asText()).isEqualTo("DEGRADED");
      assertThat(response.json().at("/components/redis/status").asText()).isEqualTo("DEGRADED");
      assertThat(response.json().at("/components/redis/detail").asText())
          .contains("connection refused");
      assertThat(response.json().at("/components/kafka/status").asText()).isEqualTo("UP");
    }
  }

  @Test
  void shouldReportARedisCheckThatThrowsAsDegraded() {
    HealthCheck throwing =
        HealthCheck.degradedWhenDown(
            () -> {
              throw new IllegalStateException("no connection");
            });

    assertThat(throwing.check().state()).isEqualTo(HealthCheck.State.DEGRADED);
  }

  @Test
  void shouldAnswer503DownWhenKafkaIsDownButStayLive() {
    kafka.set(HealthCheck.Status.down("TimeoutException: no broker"));
    redis.set(HealthCheck.Status.down("connection refused"));

    for (String path : new String[] {"/health", "/health/ready"}) {
      Response response = client.get(path);

      assertThat(response.status()).as(path).isEqualTo(503);
      assertThat(response.json().get("status").asText()).isEqualTo("DOWN");
      assertThat(response.json().at("/components/kafka/status").asText()).isEqualTo("DOWN");
      assertThat(response.json().at("/components/redis/status").asText()).isEqualTo("DEGRADED");
    }
    assertThat(client.get("/health/live").status()).isEqualTo(200);
  }

  @Test
  void shouldBeLiveButNotReadyWhileStreamsRebalance() {
    streams.set(HealthCheck.Status.down("streams REBALANCING"));

    assertThat(client.get("/health/ready").status()).isEqualTo(503);
    assertThat(client.get("/health/live").status()).isEqualTo(200);
  }

  @Test
  void shouldAnswer503OnLiveWhenStreamsFailedForGood() {
    threads.set(HealthCheck.Status.down("streams ERROR"));

    Response response = client.get("/health/live");

    assertThat(response.status()).isEqualTo(503);
    assertThat(response.json().at("/components/coordinator/status").asText()).isEqualTo("DOWN");
  }

  @Test
  void shouldAnswer405ForAnotherMethodOnHealth() {
    Response response = client.post("/health", "{}");

    response.assertProblem(405, "METHOD_NOT_ALLOWED", null);
    assertThat(response.header("Allow")).isEqualTo("GET");
  }
}
