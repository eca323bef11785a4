package dev.baton.cli.acceptance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.cli.example.EchoWorker;
import dev.baton.cli.http.Coordinators;
import dev.baton.cli.stack.StackAddresses;
import dev.baton.cli.testkit.BatonStackTest;
import dev.baton.cli.testkit.EventSummary;
import dev.baton.cli.testkit.TestIds;
import dev.baton.cli.testkit.TopicReader;
import dev.baton.coordinator.Coordinator;
import dev.baton.coordinator.TopicBootstrap;
import dev.baton.schemas.SchemaRegistryClient;
import dev.baton.schemas.SchemaRegistryOptions;
import dev.baton.schemas.TopicLayout;
import dev.baton.schemas.Topics;
import dev.baton.worker.Worker;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The schema registry becomes unreachable (every connection to it dropped through an {@link
 * OutageProxy}) for longer than one registry call's retries last, while a coordinator or a worker
 * first needs a schema: the record it cannot decode is read again once the registry is back,
 * neither skipped nor rejected, and the turn completes with one assignment.
 */
@BatonStackTest
class RegistryOutageIT {

  private static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir Path stateDir;

  /** The coordinator's stream thread fails on the submit it cannot decode and reads it again. */
  @Test
  void shouldHoldATurnThroughARegistryOutageAndCompleteItOnceTheRegistryIsBack(
      StackAddresses stack, TestIds ids) throws Exception {
    TopicLayout layout = createTopics(stack, ids);
    String sessionId = ids.sessionId();
    try (OutageProxy proxy = OutageProxy.start(URI.create(stack.registryUrl()).getPort());
        Coordinator coordinator = Coordinators.start(viaProxy(stack, proxy), layout, stateDir);
        Worker worker = EchoWorker.create(viaProxy(stack, proxy), layout, ids.shareGroupId(), "w");
        SchemaRegistryClient direct = SchemaRegistryClient.create(stack.registryUrl());
        TopicReader reader = new TopicReader(stack, layout)) {
      worker.start();
      Instant cutAt = cut(proxy);
      KafkaSubmits.submit(
          stack, Topics.create(layout, direct), sessionId, "turn-1", "hello through an outage");

      awaitRetriesPastOneCall(proxy, cutAt, reader, sessionId, events -> !events.isEmpty());
      assertThat(reader.catchUp().events(sessionId))
          .as("nothing decided or rejected while the registry is away")
          .isEmpty();

      proxy.restore();
      assertCompletedWithOneAssignment(reader, sessionId);
    }
  }

  /**
   * A worker started while the registry is away cannot read its first assignment: it gives the
   * record back, and runs it once the registry is back, within the step's lease.
   */
  @Test
  void shouldRunAStepThatAWorkerCouldNotReadWhileTheRegistryWasAway(
      StackAddresses stack, TestIds ids) throws Exception {
    TopicLayout layout = createTopics(stack, ids);
    try (OutageProxy proxy = OutageProxy.start(URI.create(stack.registryUrl()).getPort());
        Coordinator coordinator = Coordinators.start(viaProxy(stack, proxy), layout, stateDir);
        SchemaRegistryClient direct = SchemaRegistryClient.create(stack.registryUrl());
        TopicReader reader = new TopicReader(stack, layout)) {
      Topics topics = Topics.create(layout, direct);
      String warmUp = ids.sessionId();
      try (Worker first =
          EchoWorker.create(viaProxy(stack, proxy), layout, ids.shareGroupId(), "first")) {
        first.start();
        KafkaSubmits.submit(stack, topics, warmUp, "turn-1", "the coordinator learns the schemas");
        assertCompletedWithOneAssignment(reader, warmUp);
      }

      Instant cutAt = cut(proxy);
      String sessionId = ids.sessionId();
      try (Worker fresh =
          EchoWorker.create(viaProxy(stack, proxy), layout, ids.shareGroupId(), "fresh")) {
        fresh.start();
        KafkaSubmits.submit(stack, topics, sessionId, "turn-1", "hello through an outage");

        awaitRetriesPastOneCall(proxy, cutAt, reader, sessionId, RegistryOutageIT::turnEnded);
        assertThat(types(reader.catchUp().events(sessionId)))
            .as("assigned, and not run while the worker cannot read the assignment")
            .contains("StepAssigned")
            .doesNotContain("StepCompleted");

        proxy.restore();
        assertCompletedWithOneAssignment(reader, sessionId);
      }
    }
  }

  private static TopicLayout createTopics(StackAddresses stack, TestIds ids) {
    TopicLayout layout = ids.layout(2);
    try (TopicBootstrap topics = new TopicBootstrap(stack.kafkaBootstrap(), 1)) {
      topics.createTopics(layout);
      topics.prepareShareGroup(ids.shareGroupId());
    }
    return layout;
  }

  /** The stack's addresses with the registry's through {@code proxy}. */
  private static StackAddresses viaProxy(StackAddresses stack, OutageProxy proxy) {
    int port = URI.create(stack.registryUrl()).getPort();
    return new StackAddresses(
        stack.kafkaBootstrap(),
        stack.registryUrl().replace(":" + port, ":" + proxy.port()),
        stack.redisUri());
  }

  private static Instant cut(OutageProxy proxy) {
    proxy.cut();
    return Instant.now();
  }

  /**
   * Waits for a connection dropped after one registry call's whole budget since the cut, which
   * shows that a first call gave up and that its caller still tries, or for {@code tooEarly} of the
   * session's events, which shows that it went on without the registry.
   */
  private static void awaitRetriesPastOneCall(
      OutageProxy proxy,
      Instant cutAt,
      TopicReader reader,
      String sessionId,
      Predicate<List<EventSummary>> tooEarly) {
    Instant oneCallLater = cutAt.plus(SchemaRegistryOptions.DEFAULT_REQUEST_TIMEOUT);
    await()
        .atMost(WAIT)
        .until(
            () ->
                proxy.lastDrop().isAfter(oneCallLater)
                    || tooEarly.test(reader.catchUp().events(sessionId)));
  }

  private static void assertCompletedWithOneAssignment(TopicReader reader, String sessionId) {
    await().atMost(WAIT).until(() -> turnEnded(reader.catchUp().events(sessionId)));
    List<String> types = types(reader.events(sessionId));
    assertThat(types).doesNotContain("RecordRejected", "StepAttemptFailed");
    assertThat(types).filteredOn("TurnAccepted"::equals).hasSize(1);
    assertThat(types).filteredOn("StepAssigned"::equals).hasSize(1);
    assertThat(types).last().isEqualTo("TurnCompleted");
  }

  private static boolean turnEnded(List<EventSummary> events) {
    return !events.isEmpty() && EventSummary.TURN_ENDS.contains(events.getLast().type());
  }

  private static List<String> types(List<EventSummary> events) {
    return events.stream().map(EventSummary::type).toList();
  }
}
