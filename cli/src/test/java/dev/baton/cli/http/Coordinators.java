package dev.baton.cli.http;

import static org.awaitility.Awaitility.await;

import dev.baton.cli.stack.StackAddresses;
import dev.baton.coordinator.Coordinator;
import dev.baton.coordinator.CoordinatorConfig;
import dev.baton.coordinator.TopicBootstrap;
import dev.baton.coordinator.auth.AuthMode;
import dev.baton.coordinator.http.ApiClient;
import dev.baton.schemas.TopicLayout;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.kafka.streams.KafkaStreams;

/** Starts real coordinators on the shared stack for integration tests. */
public final class Coordinators {

  static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private Coordinators() {}

  /** Creates the layout's topics. */
  static void createTopics(StackAddresses stack, TopicLayout layout) {
    try (TopicBootstrap topics = new TopicBootstrap(stack.kafkaBootstrap(), 1)) {
      topics.createTopics(layout);
    }
  }

  /** Starts a coordinator on a free port and waits until Kafka Streams runs. */
  public static Coordinator start(StackAddresses stack, TopicLayout layout, Path stateDir) {
    return start(stack, layout, stateDir, AuthMode.OFF);
  }

  /** {@link #start(StackAddresses, TopicLayout, Path)} with API tokens on or off. */
  public static Coordinator start(
      StackAddresses stack, TopicLayout layout, Path stateDir, AuthMode auth) {
    Coordinator coordinator =
        Coordinator.start(
            CoordinatorConfig.builder()
                .kafkaBootstrap(stack.kafkaBootstrap())
                .registryUrl(stack.registryUrl())
                .redisUri(stack.redisUri())
                .topics(layout)
                .httpPort(0)
                .auth(auth)
                .stateDir(stateDir)
                .build());
    await().atMost(START_TIMEOUT).until(() -> coordinator.state() == KafkaStreams.State.RUNNING);
    return coordinator;
  }

  /** Waits until {@code client}'s instance answers for {@code sessionId} (404: owner known). */
  static void awaitOwnerKnown(ApiClient client, String sessionId) {
    await()
        .atMost(START_TIMEOUT)
        .until(() -> client.get("/v1/sessions/" + sessionId).status() == 404);
  }
}
