package dev.baton.coordinator.acceptance;

import dev.baton.coordinator.dev.StackAddresses;
import dev.baton.schemas.HistoryKey;
import dev.baton.schemas.SchemaRegistryClient;
import dev.baton.schemas.TopicLayout;
import dev.baton.schemas.Topics;
import dev.baton.schemas.avro.HistoryEntry;
import dev.baton.schemas.avro.SessionEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads the session-events and history topics of a layout with plain Kafka consumers ({@code
 * read_committed}, no group: every partition assigned from the beginning) and the project's serdes.
 * Each call polls what arrived since the last one, so a test can poll until what it expects is
 * there.
 *
 * <pre>{@code
 * try (TopicReader reader = new TopicReader(stack, layout)) {
 *   await().until(() -> reader.events().get(session).size() == expected);
 * }
 * }</pre>
 */
public final class TopicReader implements AutoCloseable {

  private static final Duration POLL = Duration.ofMillis(200);

  private final SchemaRegistryClient registry;
  private final KafkaConsumer<String, SessionEvent> eventConsumer;
  private final KafkaConsumer<HistoryKey, HistoryEntry> historyConsumer;
  private final Map<String, List<SessionEvent>> events = new HashMap<>();
  private final Map<String, TreeMap<Long, HistoryEntry>> history = new HashMap<>();

  /** Consumers of {@code layout}'s session-events and history topics on {@code stack}. */
  public TopicReader(StackAddresses stack, TopicLayout layout) {
    this.registry = SchemaRegistryClient.create(stack.registryUrl());
    Topics topics = Topics.create(layout, registry);
    this.eventConsumer =
        new KafkaConsumer<>(
            props(stack),
            topics.sessionEvents().keySerde().deserializer(),
            topics.sessionEvents().valueSerde().deserializer());
    this.historyConsumer =
        new KafkaConsumer<>(
            props(stack),
            topics.history().keySerde().deserializer(),
            topics.history().valueSerde().deserializer());
    assignAll(eventConsumer, layout.sessionEvents());
    assignAll(historyConsumer, layout.history());
  }

  /**
   * Polls the session-events topic once and returns every event read so far, per session, in the
   * order of the topic (one session is in one partition).
   */
  public Map<String, List<SessionEvent>> events() {
    for (ConsumerRecord<String, SessionEvent> record : eventConsumer.poll(POLL)) {
      events.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(record.value());
    }
    return events;
  }

  /** The events of {@code sessionId} read so far, summarized; polls once first. */
  public List<EventSummary> events(String sessionId) {
    return events().getOrDefault(sessionId, List.of()).stream().map(EventSummary::of).toList();
  }

  /**
   * Polls the history topic once and returns each session's history as the topic holds it so far:
   * the latest value of each key, without tombstoned keys, in seq order.
   */
  public Map<String, List<HistoryMessage>> history() {
    for (ConsumerRecord<HistoryKey, HistoryEntry> record : historyConsumer.poll(POLL)) {
      TreeMap<Long, HistoryEntry> messages =
          history.computeIfAbsent(record.key().sessionId(), k -> new TreeMap<>());
      if (record.value() == null) {
        messages.remove(record.key().seq());
      } else {
        messages.put(record.key().seq(), record.value());
      }
    }
    Map<String, List<HistoryMessage>> result = new HashMap<>();
    history.forEach(
        (session, messages) ->
            result.put(session, messages.values().stream().map(HistoryMessage::of).toList()));
    return result;
  }

  /** The history of {@code sessionId} read so far; polls once first. */
  public List<HistoryMessage> history(String sessionId) {
    return history().getOrDefault(sessionId, List.of());
  }

  @Override
  public void close() {
    eventConsumer.close();
    historyConsumer.close();
    registry.close();
  }

  private static void assignAll(KafkaConsumer<?, ?> consumer, String topic) {
    List<TopicPartition> partitions = new ArrayList<>();
    for (PartitionInfo info : consumer.partitionsFor(topic)) {
      partitions.add(new TopicPartition(topic, info.partition()));
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  private static Map<String, Object> props(StackAddresses stack) {
    return Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
        stack.kafkaBootstrap(),
        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
        "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
        false,
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
        "earliest");
  }
}
