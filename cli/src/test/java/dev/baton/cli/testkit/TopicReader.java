package dev.baton.cli.testkit;

import dev.baton.cli.stack.StackAddresses;
import dev.baton.schemas.HistoryKey;
import dev.baton.schemas.SchemaRegistryClient;
import dev.baton.schemas.TopicLayout;
import dev.baton.schemas.Topics;
import dev.baton.schemas.avro.Assignment;
import dev.baton.schemas.avro.HistoryEntry;
import dev.baton.schemas.avro.SessionEvent;
import dev.baton.schemas.avro.WorkerResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads the session-events and history topics of a layout with plain Kafka consumers ({@code
 * read_committed}, no group: every partition assigned from the beginning) and the project's serdes.
 * {@link #catchUp()} reads what was committed since the last call, so a test can catch up until
 * what it expects is there.
 *
 * <pre>{@code
 * try (TopicReader reader = new TopicReader(stack, layout)) {
 *   await().until(() -> reader.catchUp().events(session).size() == expected);
 * }
 * }</pre>
 */
public final class TopicReader implements AutoCloseable {

  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(60);

  private final SchemaRegistryClient registry;
  private final KafkaConsumer<String, SessionEvent> eventConsumer;
  private final KafkaConsumer<HistoryKey, HistoryEntry> historyConsumer;
  private final Map<String, List<SessionEvent>> events = new HashMap<>();
  private final Map<String, TreeMap<Long, HistoryEntry>> history = new HashMap<>();
  private final KafkaConsumer<String, Assignment> assignmentConsumer;
  private final KafkaConsumer<String, WorkerResult> resultConsumer;
  private final Map<String, List<Assignment>> assignments = new HashMap<>();
  private final Map<String, List<WorkerResult>> workerResults = new HashMap<>();

  /** Consumers of {@code layout}'s session-events and history topics on {@code stack}. */
  public TopicReader(StackAddresses stack, TopicLayout layout) {
    this(stack, layout, false);
  }

  /**
   * Consumers of {@code layout}'s session-events and history topics, and also of its assignments
   * and worker-results topics, on {@code stack}.
   */
  public static TopicReader withWorkerTopics(StackAddresses stack, TopicLayout layout) {
    return new TopicReader(stack, layout, true);
  }

  private TopicReader(StackAddresses stack, TopicLayout layout, boolean workerTopics) {
    this.registry = SchemaRegistryClient.create(stack.registryUrl());
    Topics topics = Topics.create(layout, registry);
    if (workerTopics) {
      this.assignmentConsumer =
          new KafkaConsumer<>(
              props(stack),
              topics.assignments().keySerde().deserializer(),
              topics.assignments().valueSerde().deserializer());
      this.resultConsumer =
          new KafkaConsumer<>(
              props(stack),
              topics.workerResults().keySerde().deserializer(),
              topics.workerResults().valueSerde().deserializer());
      assignAll(assignmentConsumer, layout.assignments());
      assignAll(resultConsumer, layout.workerResults());
    } else {
      this.assignmentConsumer = null;
      this.resultConsumer = null;
    }
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
   * Reads both topics up to their ends as of now (for {@code read_committed}, the last stable
   * offset: what committed transactions wrote).
   */
  public TopicReader catchUp() {
    catchUp(eventConsumer, this::addEvent);
    catchUp(historyConsumer, this::addHistory);
    if (assignmentConsumer != null) {
      catchUp(
          assignmentConsumer,
          r -> assignments.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.value()));
      catchUp(
          resultConsumer,
          r -> workerResults.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.value()));
    }
    return this;
  }

  /**
   * The assignments of {@code sessionId} read so far, in topic order; only for a reader {@link
   * #withWorkerTopics}.
   */
  public List<Assignment> assignments(String sessionId) {
    requireWorkerTopics();
    return List.copyOf(assignments.getOrDefault(sessionId, List.of()));
  }

  /**
   * The worker results about {@code sessionId} read so far, in topic order; only for a reader
   * {@link #withWorkerTopics}.
   */
  public List<WorkerResult> workerResults(String sessionId) {
    requireWorkerTopics();
    return List.copyOf(workerResults.getOrDefault(sessionId, List.of()));
  }

  private void requireWorkerTopics() {
    if (assignmentConsumer == null) {
      throw new IllegalStateException("This reader does not read the worker topics");
    }
  }

  /** The events of every session read so far, in topic order (one session is in one partition). */
  public Map<String, List<SessionEvent>> events() {
    return events;
  }

  /** The events of {@code sessionId} read so far, summarized. */
  public List<EventSummary> events(String sessionId) {
    return events.getOrDefault(sessionId, List.of()).stream().map(EventSummary::of).toList();
  }

  /** The events of every session read so far, summarized, by session id. */
  public Map<String, List<EventSummary>> eventSummaries() {
    Map<String, List<EventSummary>> summaries = new TreeMap<>();
    events.keySet().forEach(session -> summaries.put(session, events(session)));
    return summaries;
  }

  /** The history of every session read so far, as {@link #history(String)}, by session id. */
  public Map<String, List<HistoryMessage>> histories() {
    Map<String, List<HistoryMessage>> histories = new TreeMap<>();
    history.keySet().forEach(session -> histories.put(session, history(session)));
    return histories;
  }

  /**
   * The history of {@code sessionId} as read so far: the latest value of each key, without
   * tombstoned keys, in seq order.
   */
  public List<HistoryMessage> history(String sessionId) {
    return history.getOrDefault(sessionId, new TreeMap<>()).values().stream()
        .map(HistoryMessage::of)
        .toList();
  }

  private void addEvent(ConsumerRecord<String, SessionEvent> record) {
    events.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(record.value());
  }

  private void addHistory(ConsumerRecord<HistoryKey, HistoryEntry> record) {
    TreeMap<Long, HistoryEntry> messages =
        history.computeIfAbsent(record.key().sessionId(), k -> new TreeMap<>());
    if (record.value() == null) {
      messages.remove(record.key().seq());
    } else {
      messages.put(record.key().seq(), record.value());
    }
  }

  private static <K, V> void catchUp(
      KafkaConsumer<K, V> consumer, Consumer<ConsumerRecord<K, V>> sink) {
    Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment());
    long deadline = System.nanoTime() + CATCH_UP_TIMEOUT.toNanos();
    while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("could not read " + consumer.assignment() + " up to " + ends);
      }
      for (ConsumerRecord<K, V> record : consumer.poll(POLL)) {
        sink.accept(record);
      }
    }
  }

  @Override
  public void close() {
    eventConsumer.close();
    historyConsumer.close();
    if (assignmentConsumer != null) {
      assignmentConsumer.close();
      resultConsumer.close();
    }
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
