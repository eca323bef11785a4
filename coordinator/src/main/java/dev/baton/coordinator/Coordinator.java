package dev.baton.coordinator;

import dev.baton.coordinator.http.DependencyChecks;
import dev.baton.coordinator.http.HealthCheck;
import dev.baton.coordinator.http.HttpApi;
import dev.baton.coordinator.topology.CoordinatorTopology;
import dev.baton.coordinator.topology.StreamsSettings;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One coordinator instance: the Kafka Streams application and the HTTP API in front of it.
 *
 * <p>{@code try (Coordinator coordinator = Coordinator.start(config)) { coordinator.httpPort(); }}
 */
public final class Coordinator implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Coordinator.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private final KafkaStreams streams;
  private final HttpApi http;
  private final DependencyChecks dependencies;

  private Coordinator(KafkaStreams streams, HttpApi http, DependencyChecks dependencies) {
    this.streams = streams;
    this.http = http;
    this.dependencies = dependencies;
  }

  /**
   * Starts the HTTP API, then the Kafka Streams application. {@code GET /health} answers 200 once
   * Kafka, the registry and Redis answer and Kafka Streams is running.
   */
  public static Coordinator start(CoordinatorConfig config) {
    DependencyChecks dependencies =
        new DependencyChecks(config.kafkaBootstrap(), config.registryUrl(), config.redisUri());
    AtomicReference<KafkaStreams> streamsRef = new AtomicReference<>();
    Map<String, HealthCheck> checks = new LinkedHashMap<>(dependencies.checks());
    checks.put("coordinator", () -> streamsHealth(streamsRef.get()));
    // The HTTP API starts first so that Kafka Streams can advertise its real port
    // (application.server) to the other instances for interactive queries.
    HttpApi http = HttpApi.start(config.httpHost(), config.httpPort(), checks);
    try {
      KafkaStreams streams =
          new KafkaStreams(
              CoordinatorTopology.build(config), StreamsSettings.of(config, http.port()));
      streamsRef.set(streams);
      streams.start();
      log.info("Coordinator HTTP API on http://{}:{}", config.httpHost(), http.port());
      return new Coordinator(streams, http, dependencies);
    } catch (RuntimeException e) {
      http.close();
      dependencies.close();
      throw e;
    }
  }

  /** The port of the HTTP API. */
  public int httpPort() {
    return http.port();
  }

  /** The Kafka Streams application's state. */
  public KafkaStreams.State state() {
    return streams.state();
  }

  private static HealthCheck.Status streamsHealth(KafkaStreams streams) {
    if (streams == null) {
      return HealthCheck.Status.down("streams not created yet");
    }
    KafkaStreams.State state = streams.state();
    return state == KafkaStreams.State.RUNNING
        ? HealthCheck.Status.up("streams " + state)
        : HealthCheck.Status.down("streams " + state);
  }

  /** Stops the HTTP API, then closes Kafka Streams and the dependency checks. */
  @Override
  public void close() {
    http.close();
    streams.close(CLOSE_TIMEOUT);
    dependencies.close();
  }
}
