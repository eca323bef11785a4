package dev.baton.coordinator.topology;

import dev.baton.coordinator.CoordinatorConfig;
import dev.baton.coordinator.session.SessionEpoch;
import dev.baton.schemas.HistoryKey;
import dev.baton.schemas.InMemorySchemaRegistryClient;
import dev.baton.schemas.TopicLayout;
import dev.baton.schemas.Topics;
import dev.baton.schemas.avro.AgentAnswered;
import dev.baton.schemas.avro.Assignment;
import dev.baton.schemas.avro.ClearHistory;
import dev.baton.schemas.avro.Command;
import dev.baton.schemas.avro.Failure;
import dev.baton.schemas.avro.HistoryEntry;
import dev.baton.schemas.avro.Message;
import dev.baton.schemas.avro.OnBusy;
import dev.baton.schemas.avro.RecordRejectionReason;
import dev.baton.schemas.avro.Role;
import dev.baton.schemas.avro.SessionEvent;
import dev.baton.schemas.avro.StepFailed;
import dev.baton.schemas.avro.SubmitTurn;
import dev.baton.schemas.avro.ToolCallAssignment;
import dev.baton.schemas.avro.TurnSignal;
import dev.baton.schemas.avro.Usage;
import dev.baton.schemas.avro.WorkerResult;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The coordinator topology in a {@link TopologyTestDriver}, with an in-memory schema registry and
 * helpers that speak the topics' Avro records.
 */
final class CoordinatorDriver implements AutoCloseable {

  static final Instant T0 = Instant.parse("2025-06-01T10:00:00Z");

  /**
   * The number the life of a session that begins with a test's first record (at {@link #T0} + 1 ms,
   * as each record moves the time on by 1 ms) counts up from: its first {@code eventSeq} is this
   * one, its first fencing token the next.
   */
  static final long FIRST = SessionEpoch.firstNumber(T0.plusMillis(1));

  /** The default layout with one partition, the one the test driver pipes every record to. */
  static final TopicLayout ONE_PARTITION =
      TopicLayout.of(TopicLayout.DEFAULT_PREFIX, TopicLayout.defaults().applicationId(), 1);

  final Topics topics;
  private final TopologyTestDriver driver;
  private final TestInputTopic<String, Command> commands;
  private final TestInputTopic<String, WorkerResult> results;
  private final TestOutputTopic<String, SessionEvent> events;
  private final TestOutputTopic<String, Assignment> assignments;
  private final TestOutputTopic<String, TurnSignal> signals;
  private Instant now = T0;
  private int commandCount;

  CoordinatorDriver(Path stateDir) {
    this(stateDir, TopologyOptions.defaults());
  }

  CoordinatorDriver(Path stateDir, TopologyOptions options) {
    this(stateDir, options, DecisionListener.NONE);
  }

  CoordinatorDriver(Path stateDir, TopologyOptions options, DecisionListener listener) {
    this(stateDir, options, listener, ONE_PARTITION);
  }

  /**
   * A driver for topics of {@code layout}. The test driver pipes every record to partition 0, so
   * with more than one partition, only keys that map to partition 0 are on their key's partition.
   */
  CoordinatorDriver(
      Path stateDir, TopologyOptions options, DecisionListener listener, TopicLayout layout) {
    this(stateDir, options, listener, layout, InputProgress.UNTRACKED);
  }

  /** A driver whose timers wait for the input that {@code progress} reports. */
  CoordinatorDriver(Path stateDir, TopologyOptions options, InputProgress progress) {
    this(stateDir, options, DecisionListener.NONE, ONE_PARTITION, progress);
  }

  private String applicationId;

  private CoordinatorDriver(
      Path stateDir,
      TopologyOptions options,
      DecisionListener listener,
      TopicLayout layout,
      InputProgress progress) {
    InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    CoordinatorConfig config =
        CoordinatorConfig.builder()
            .kafkaBootstrap("unused:9092")
            .registryUrl("http://unused:8081")
            .redisUri("redis://unused:6379")
            .topics(layout)
            .stateDir(stateDir)
            .build();
    topics = Topics.create(config.topics(), registry);
    applicationId = config.topics().applicationId();
    StreamsBuilder builder = new StreamsBuilder();
    CoordinatorTopology.build(builder, config.topics(), registry, options, listener, progress);
    Properties props = StreamsSettings.of(config.streams(), 8080);
    driver = new TopologyTestDriver(builder.build(), props, T0);
    commands =
        driver.createInputTopic(
            topics.commands().name(),
            new StringSerializer(),
            topics.commands().valueSerde().serializer());
    results =
        driver.createInputTopic(
            topics.workerResults().name(),
            new StringSerializer(),
            topics.workerResults().valueSerde().serializer());
    events =
        driver.createOutputTopic(
            topics.sessionEvents().name(),
            new StringDeserializer(),
            topics.sessionEvents().valueSerde().deserializer());
    assignments =
        driver.createOutputTopic(
            topics.assignments().name(),
            new StringDeserializer(),
            topics.assignments().valueSerde().deserializer());
    signals =
        driver.createOutputTopic(
            topics.turnSignals().name(),
            new StringDeserializer(),
            topics.turnSignals().valueSerde().deserializer());
  }

  // Inputs.

  /**
   * Moves the wall clock (which starts at {@link #T0}, with the record timestamps) and the record
   * timestamps on by {@code duration}, firing the wall-clock punctuators on the way.
   */
  void advanceWallClock(Duration duration) {
    now = now.plus(duration);
    driver.advanceWallClockTime(duration);
  }

  void submit(String sessionId, String turnId, String input, OnBusy onBusy) {
    SubmitTurn body = new SubmitTurn(turnId, input, onBusy, null, Map.of("user", "u-1"), null);
    command(sessionId, body);
  }

  void submit(String sessionId, String turnId, String input) {
    submit(sessionId, turnId, input, OnBusy.REJECT);
  }

  void clearHistory(String sessionId) {
    command(sessionId, new ClearHistory(null));
  }

  void command(String sessionId, Object body) {
    commandCount++;
    Command command = new Command("cmd-" + commandCount, sessionId, tick(), body);
    commands.pipeInput(sessionId, command, now);
  }

  /** Submits a turn in a record with {@code headers}. */
  void submit(String sessionId, String turnId, String input, OnBusy onBusy, Headers headers) {
    commandCount++;
    SubmitTurn body = new SubmitTurn(turnId, input, onBusy, null, Map.of("user", "u-1"), null);
    Command command = new Command("cmd-" + commandCount, sessionId, tick(), body);
    commands.pipeInput(new TestRecord<>(sessionId, command, headers, now));
  }

  void command(TestRecord<String, Command> record) {
    commands.pipeInput(record);
  }

  /**
   * Submits a turn whose record the broker stamped at {@code appendedAt}, whatever the wall clock
   * says: a record of an input backlog, processed late.
   */
  void submitAppendedAt(String sessionId, String turnId, String input, Instant appendedAt) {
    commandCount++;
    SubmitTurn body =
        new SubmitTurn(turnId, input, OnBusy.REJECT, null, Map.of("user", "u-1"), null);
    commands.pipeInput(
        sessionId, new Command("cmd-" + commandCount, sessionId, appendedAt, body), appendedAt);
  }

  /** The wall clock (and the timestamp of the next record). */
  Instant now() {
    return now;
  }

  void answer(Assignment assignment, String text) {
    Message message = new Message(Role.ASSISTANT, text, List.of(), null, null);
    result(assignment, new AgentAnswered(message, new Usage(10L, 5L, "model-x")));
  }

  void fail(Assignment assignment, boolean retryable) {
    Failure error = new Failure("MODEL_ERROR", "the model timed out", null);
    result(assignment, new StepFailed(error, retryable, null));
  }

  void result(Assignment assignment, Object body) {
    results.pipeInput(assignment.getSessionId(), workerResult(assignment, body), now);
  }

  /** An answer to {@code assignment} in a record with {@code headers}. */
  void answer(Assignment assignment, String text, Headers headers) {
    Message message = new Message(Role.ASSISTANT, text, List.of(), null, null);
    WorkerResult result =
        workerResult(assignment, new AgentAnswered(message, new Usage(10L, 5L, "model-x")));
    results.pipeInput(new TestRecord<>(assignment.getSessionId(), result, headers, now));
  }

  private WorkerResult workerResult(Assignment assignment, Object body) {
    return new WorkerResult(
        assignment.getSessionId(),
        assignment.getTurnId(),
        assignment.getStep(),
        assignment.getAttempt(),
        assignment.getFencingToken(),
        "worker-1",
        tick(),
        assignment.getAssignmentId(),
        body,
        assignment.getBody() instanceof ToolCallAssignment call ? call.getDispatchToken() : null);
  }

  void raw(String topic, String key, byte[] value) {
    TestInputTopic<String, byte[]> input =
        driver.createInputTopic(topic, new StringSerializer(), new ByteArraySerializer());
    input.pipeInput(key, value, tick());
  }

  void raw(String topic, String key, byte[] value, Headers headers) {
    TestInputTopic<String, byte[]> input =
        driver.createInputTopic(topic, new StringSerializer(), new ByteArraySerializer());
    input.pipeInput(new TestRecord<>(key, value, headers, tick()));
  }

  private Instant tick() {
    now = now.plus(Duration.ofMillis(1));
    return now;
  }

  // Outputs.

  /** The session events written since the last call. */
  List<SessionEvent> events() {
    return events.readValuesToList();
  }

  /** The session events written since the last call, as records with key and headers. */
  List<TestRecord<String, SessionEvent>> eventRecords() {
    return events.readRecordsToList();
  }

  /** The turn signals written since the last call. */
  List<TurnSignal> signals() {
    return signals.readValuesToList();
  }

  /** The assignments written since the last call. */
  List<Assignment> assignments() {
    return assignments.readValuesToList();
  }

  List<TestRecord<String, Assignment>> assignmentRecords() {
    return assignments.readRecordsToList();
  }

  /** The one assignment written since the last call. */
  Assignment assignment() {
    List<Assignment> written = assignments();
    if (written.size() != 1) {
      throw new AssertionError("expected one assignment, got " + written);
    }
    return written.getFirst();
  }

  /** The session's history messages in the store, by range, in seq order. */
  List<HistoryEntry> history(String sessionId) {
    KeyValueStore<HistoryKey, HistoryEntry> store =
        driver.getKeyValueStore(CoordinatorStores.HISTORY);
    List<HistoryEntry> entries = new ArrayList<>();
    try (KeyValueIterator<HistoryKey, HistoryEntry> range =
        store.range(HistoryKey.first(sessionId), HistoryKey.last(sessionId))) {
      range.forEachRemaining(entry -> entries.add(entry.value));
    }
    return entries;
  }

  /** The session's events in the events store, in eventSeq order. */
  List<SessionEvent> storedEvents(String sessionId) {
    return KeptEvents.read(eventsStore(), sessionId, 0, Integer.MAX_VALUE);
  }

  /** Every event in the events store. */
  List<SessionEvent> allStoredEvents() {
    List<SessionEvent> stored = new ArrayList<>();
    try (KeyValueIterator<HistoryKey, List<SessionEvent>> all = eventsStore().all()) {
      all.forEachRemaining(entry -> stored.addAll(entry.value));
    }
    return stored;
  }

  /** The events store: entries of a decision's events each. */
  KeyValueStore<HistoryKey, List<SessionEvent>> eventsStore() {
    return driver.getKeyValueStore(CoordinatorStores.EVENTS);
  }

  /** The session as a reader sees it: its record with its remembered turns; null if none. */
  StoredSession session(String sessionId) {
    StoredSession record = sessionRecord(sessionId);
    return record == null ? null : TurnPages.filled(record, TurnPages.read(turnPages(), sessionId));
  }

  /** The session's record as the sessions store holds it; null if none. */
  StoredSession sessionRecord(String sessionId) {
    return sessionsStore().get(sessionId);
  }

  /** The sessions store, to read or to fill as a restore would. */
  KeyValueStore<String, StoredSession> sessionsStore() {
    return driver.getKeyValueStore(CoordinatorStores.SESSIONS);
  }

  /** The turns store: the pages of the sessions' remembered turns. */
  KeyValueStore<HistoryKey, List<RememberedTurn>> turnPages() {
    return driver.getKeyValueStore(CoordinatorStores.TURNS);
  }

  /** The keys of the timers store, in order. */
  List<String> timerKeys() {
    return keys(CoordinatorStores.TIMERS);
  }

  /** The keys of the payloads store, in order. */
  List<String> payloadKeys() {
    return keys(CoordinatorStores.PAYLOADS);
  }

  private List<String> keys(String storeName) {
    KeyValueStore<String, String> store = driver.getKeyValueStore(storeName);
    List<String> keys = new ArrayList<>();
    try (KeyValueIterator<String, String> all = store.all()) {
      all.forEachRemaining(entry -> keys.add(entry.key));
    }
    return keys;
  }

  /** Puts {@code sessionId} into the timers store under {@code key}, as a stale writer might. */
  void putTimer(String key, String sessionId) {
    KeyValueStore<String, String> store = driver.getKeyValueStore(CoordinatorStores.TIMERS);
    store.put(key, sessionId);
  }

  /**
   * Copies the sessions, payloads and turns stores into {@code next}, as a restarted coordinator
   * restores them from their changelogs.
   */
  void restoreInto(CoordinatorDriver next) {
    copy(CoordinatorStores.SESSIONS, next);
    copy(CoordinatorStores.PAYLOADS, next);
    copy(CoordinatorStores.TURNS, next);
    next.commandCount = commandCount;
    next.advanceWallClock(Duration.between(next.now, now));
  }

  private <K, V> void copy(String storeName, CoordinatorDriver next) {
    KeyValueStore<K, V> from = driver.getKeyValueStore(storeName);
    KeyValueStore<K, V> to = next.driver.getKeyValueStore(storeName);
    try (KeyValueIterator<K, V> all = from.all()) {
      all.forEachRemaining(entry -> to.put(entry.key, entry.value));
    }
  }

  /** The history changelog records written so far: the history topic. */
  List<KeyValue<HistoryKey, HistoryEntry>> historyTopic() {
    return driver
        .createOutputTopic(
            topics.history().name(),
            topics.history().keySerde().deserializer(),
            topics.history().valueSerde().deserializer())
        .readKeyValuesToList();
  }

  /** The records written to the changelog of the store {@code storeName}, as raw bytes. */
  List<TestRecord<byte[], byte[]>> changelog(String storeName) {
    return driver
        .createOutputTopic(
            applicationId + "-" + storeName + "-changelog",
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())
        .readRecordsToList();
  }

  /** The rejected-records count of {@code reason}, summed over tasks. */
  double rejected(RecordRejectionReason reason) {
    return metric(
        CoordinatorMetrics.REJECTED_RECORDS_TOTAL, CoordinatorMetrics.REASON_TAG, reason.name());
  }

  /** The dispatch-mode-changes count to {@code mode}, summed over tasks. */
  double dispatchModeChanges(String mode) {
    return metric(
        CoordinatorMetrics.DISPATCH_MODE_CHANGES_TOTAL, CoordinatorMetrics.MODE_TAG, mode);
  }

  /** Baton's counter {@code name} with {@code tag} = {@code value}, summed over tasks. */
  double metric(String name, String tag, String value) {
    return driver.metrics().entrySet().stream()
        .filter(e -> e.getKey().name().equals(name))
        .filter(e -> e.getKey().group().equals(CoordinatorMetrics.GROUP))
        .filter(e -> value.equals(e.getKey().tags().get(tag)))
        .mapToDouble(e -> (Double) e.getValue().metricValue())
        .sum();
  }

  @Override
  public void close() {
    driver.close();
  }
}
