package dev.baton.cli.acceptance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.cli.example.EchoWorker;
import dev.baton.cli.http.Coordinators;
import dev.baton.cli.stack.StackAddresses;
import dev.baton.cli.testkit.BatonStackTest;
import dev.baton.cli.testkit.TestIds;
import dev.baton.coordinator.Coordinator;
import dev.baton.coordinator.TopicBootstrap;
import dev.baton.schemas.HistoryKey;
import dev.baton.schemas.SchemaRegistryClient;
import dev.baton.schemas.TopicLayout;
import dev.baton.schemas.Topics;
import dev.baton.schemas.avro.HistoryEntry;
import dev.baton.schemas.avro.SessionEvent;
import dev.baton.schemas.avro.TurnCompleted;
import dev.baton.worker.Worker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One turn through the whole product on the real stack, without the HTTP API: a SubmitTurn on the
 * commands topic, the coordinator's assignment, the echo worker's answer on the share group, and
 * the coordinator's events and history topic.
 */
@BatonStackTest
class TurnThroughKafkaIT {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void shouldCompleteATurnWithTheEchoWorkerAndWriteHistory(
      StackAddresses stack, TestIds ids, @TempDir Path stateDir) throws Exception {
    TopicLayout layout = ids.layout(2);
    try (TopicBootstrap topics = new TopicBootstrap(stack.kafkaBootstrap(), 1)) {
      topics.createTopics(layout);
      topics.prepareShareGroup(ids.shareGroupId());
    }
    String sessionId = ids.sessionId();
    try (Coordinator coordinator = Coordinators.start(stack, layout, stateDir);
        Worker worker = EchoWorker.create(stack, layout, ids.shareGroupId(), "echo-it");
        SchemaRegistryClient registry = SchemaRegistryClient.create(stack.registryUrl())) {
      worker.start();
      Topics topics = Topics.create(layout, registry);
      KafkaSubmits.submit(stack, topics, sessionId, "turn-1", "hello baton");

      List<SessionEvent> events = consumeUntil(stack, topics, sessionId);
      assertThat(events.getLast().getTurnId()).isEqualTo("turn-1");

      List<HistoryEntry> history = readHistory(stack, topics, sessionId, 2);
      assertThat(history)
          .extracting(entry -> entry.getMessage().getContent())
          .containsExactly("hello baton", "echo: hello baton");
      assertThat(history).extracting(HistoryEntry::getSeq).containsExactly(1L, 2L);
    }
  }

  private static List<SessionEvent> consumeUntil(
      StackAddresses stack, Topics topics, String sessionId) {
    List<SessionEvent> events = new ArrayList<>();
    try (var consumer =
        new KafkaConsumer<>(
            consumerProps(stack),
            topics.sessionEvents().keySerde().deserializer(),
            topics.sessionEvents().valueSerde().deserializer())) {
      consumer.subscribe(List.of(topics.sessionEvents().name()));
      await()
          .atMost(WAIT)
          .until(
              () -> {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                  if (record.key().equals(sessionId)) {
                    events.add(record.value());
                  }
                }
                return !events.isEmpty() && events.getLast().getBody() instanceof TurnCompleted;
              });
    }
    return events;
  }

  private static List<HistoryEntry> readHistory(
      StackAddresses stack, Topics topics, String sessionId, int expected) {
    List<HistoryEntry> history = new ArrayList<>();
    try (var consumer =
        new KafkaConsumer<HistoryKey, HistoryEntry>(
            consumerProps(stack),
            topics.history().keySerde().deserializer(),
            topics.history().valueSerde().deserializer())) {
      consumer.subscribe(List.of(topics.history().name()));
      await()
          .atMost(WAIT)
          .until(
              () -> {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                  if (record.key().sessionId().equals(sessionId)) {
                    history.add(record.value());
                  }
                }
                return history.size() >= expected;
              });
    }
    return history;
  }

  private static Properties consumerProps(StackAddresses stack) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    return props;
  }
}
