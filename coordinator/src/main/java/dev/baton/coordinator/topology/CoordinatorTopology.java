package dev.baton.coordinator.topology;

import dev.baton.coordinator.topology.internal.EventBatchSerde;
import dev.baton.coordinator.topology.internal.SessionProcessor;
import dev.baton.coordinator.topology.internal.StoredSessionSerde;
import dev.baton.coordinator.topology.internal.TurnPageSerde;
import dev.baton.schemas.HistoryKeySerde;
import dev.baton.schemas.SchemaRegistryClient;
import dev.baton.schemas.Topic;
import dev.baton.schemas.TopicLayout;
import dev.baton.schemas.Topics;
import dev.baton.schemas.avro.Assignment;
import dev.baton.schemas.avro.Command;
import dev.baton.schemas.avro.SessionEvent;
import dev.baton.schemas.avro.TurnSignal;
import java.util.List;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/**
 * The coordinator's Kafka Streams topology, built by one static method so that tests reuse it.
 *
 * <p>One processor reads {@code baton.commands} and {@code baton.worker-results} as raw bytes. Both
 * are keyed by session id and have the same partition count, so the records of a session meet in
 * one task and the session has one writer. For each record it loads the session from the {@link
 * CoordinatorStores#SESSIONS} store, lets the session model decide at the record's timestamp,
 * stores the new state, writes history messages to the {@link CoordinatorStores#HISTORY} store (one
 * put per message, a tombstone per cleared message), and writes the decision's events to {@code
 * baton.session-events} and its {@code AgentStep}s to {@code baton.assignments}, keyed by session
 * id. A fork's seed (or refusal) goes back to {@code baton.commands}, keyed by the fork's session
 * id, for the task that owns the fork. Output records carry the input's timestamp and W3C trace
 * headers. Every event is also kept in the {@link CoordinatorStores#EVENTS} store (the latest per
 * session, a decision's events in one entry), and the model's events are handed to a {@link
 * DecisionListener} in process.
 *
 * <p>The decision time is the input record's timestamp, not the wall clock, so re-processing a
 * record after a failover yields the very same events, with the same ids ({@link
 * dev.baton.schemas.EventIds}). The input topics carry the broker's append time ({@link
 * TopicLayout#INPUT_TIMESTAMP_TYPE}), so no producer's clock enters a decision. Timers (deadlines,
 * leases, idle expiry) act on the wall clock only as far as {@link InputProgress} shows the input
 * processed.
 *
 * <p>A record that cannot be used (undecodable, wrong magic byte, unknown schema id, over {@link
 * TopologyOptions#maxRecordBytes()}, key not a session id, not on the partition its key maps to
 * under {@link TopicLayout#partitions()}, key and value naming different sessions, or a command the
 * model does not support) becomes a {@code RecordRejected} event and increments {@link
 * CoordinatorMetrics#REJECTED_RECORDS_TOTAL}; it never stops the stream thread. It is keyed by the
 * session id if the key is one and the record is on its partition, else by {@link
 * #INVALID_SESSION_KEY}: a record on another partition is not this task's to decide, and its
 * session's events are numbered by the task that owns it.
 *
 * <pre>{@code
 * try (SchemaRegistryClient registry = SchemaRegistryClient.create(config.registryUrl())) {
 *   KafkaStreams streams = new KafkaStreams(
 *       CoordinatorTopology.build(config.topics(), registry),
 *       StreamsSettings.of(config.streams(), httpPort),
 *       StreamsSettings.clients(config.streams()));
 *   streams.start();
 * }
 * }</pre>
 */
public final class CoordinatorTopology {

  /**
   * The record key and {@code sessionId} of {@code RecordRejected} events about records whose key
   * is not a session id or that are not on their key's partition. It names no session: session ids
   * never contain {@code #}.
   */
  public static final String INVALID_SESSION_KEY = "#invalid";

  private static final String INPUTS = "session-inputs";
  private static final String PROCESSOR = "session-processor";

  private CoordinatorTopology() {}

  /** Builds the topology with the default {@link TopologyOptions} and no listener. */
  public static Topology build(TopicLayout layout, SchemaRegistryClient registry) {
    return build(layout, registry, TopologyOptions.defaults(), DecisionListener.NONE);
  }

  /**
   * Builds the topology with {@code options}, telling {@code listener} every decision; timers act
   * on the wall clock ({@link InputProgress#UNTRACKED}).
   */
  public static Topology build(
      TopicLayout layout,
      SchemaRegistryClient registry,
      TopologyOptions options,
      DecisionListener listener) {
    return build(layout, registry, options, listener, InputProgress.UNTRACKED);
  }

  /**
   * Builds the topology with {@code options}, telling {@code listener} every decision; timers wait
   * for the input that {@code progress} reports.
   */
  public static Topology build(
      TopicLayout layout,
      SchemaRegistryClient registry,
      TopologyOptions options,
      DecisionListener listener,
      InputProgress progress) {
    StreamsBuilder builder = new StreamsBuilder();
    build(builder, layout, registry, options, listener, progress);
    return builder.build();
  }

  /** Builds the topology into {@code builder} with the default {@link TopologyOptions}. */
  public static void build(
      StreamsBuilder builder, TopicLayout layout, SchemaRegistryClient registry) {
    build(builder, layout, registry, TopologyOptions.defaults());
  }

  /** Builds the topology into {@code builder} with no listener. */
  public static void build(
      StreamsBuilder builder,
      TopicLayout layout,
      SchemaRegistryClient registry,
      TopologyOptions options) {
    build(builder, layout, registry, options, DecisionListener.NONE);
  }

  /** Builds the topology into {@code builder}; timers act on the wall clock. */
  public static void build(
      StreamsBuilder builder,
      TopicLayout layout,
      SchemaRegistryClient registry,
      TopologyOptions options,
      DecisionListener listener) {
    build(builder, layout, registry, options, listener, InputProgress.UNTRACKED);
  }

  /**
   * Builds the topology into {@code builder}.
   *
   * @param layout the topic layout, whose application id must be the Kafka Streams application id
   *     (as {@link StreamsSettings} sets it), since the history topic is named after it
   * @param registry the schema registry of the Avro serdes; the caller closes it
   * @param options session limits and input limits
   * @param listener hears every decision on the stream thread; shared by all tasks and threads
   * @param progress how far the input was read; timers act only on what the unread input cannot
   *     change
   */
  public static void build(
      StreamsBuilder builder,
      TopicLayout layout,
      SchemaRegistryClient registry,
      TopologyOptions options,
      DecisionListener listener,
      InputProgress progress) {
    Objects.requireNonNull(listener, "listener");
    Objects.requireNonNull(progress, "progress");
    // Serdes that encode a record once for its budget, its topic and its store's changelog.
    Topics topics = Topics.create(layout, registry).encodingOnce();
    // One serde for the store and the processors' record budgets, so a put reuses measured bytes.
    StoredSessionSerde sessionSerde = new StoredSessionSerde(options.limits());
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(CoordinatorStores.SESSIONS),
            Serdes.String(),
            sessionSerde));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(CoordinatorStores.HISTORY),
            topics.history().keySerde(),
            topics.history().valueSerde()));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(CoordinatorStores.EVENTS),
            new HistoryKeySerde(),
            new EventBatchSerde(topics.sessionEvents().valueSerde())));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(CoordinatorStores.TIMERS),
                Serdes.String(),
                Serdes.String())
            // An index of the timers the sessions store holds, rebuilt when a task starts.
            .withLoggingDisabled());
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(CoordinatorStores.PAYLOADS),
            Serdes.String(),
            Serdes.String()));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(CoordinatorStores.TURNS),
            new HistoryKeySerde(),
            new TurnPageSerde()));
    KStream<String, SpecificRecord> outputs =
        builder.stream(
                List.of(topics.commands().name(), topics.workerResults().name()),
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName(INPUTS))
            .process(
                () ->
                    new SessionProcessor(
                        topics, layout.partitions(), options, sessionSerde, listener, progress),
                Named.as(PROCESSOR),
                CoordinatorStores.SESSIONS,
                CoordinatorStores.HISTORY,
                CoordinatorStores.EVENTS,
                CoordinatorStores.TIMERS,
                CoordinatorStores.PAYLOADS,
                CoordinatorStores.TURNS);
    outputs
        .split(Named.as("outputs-"))
        .branch(
            (sessionId, value) -> value instanceof Assignment,
            Branched.withConsumer(
                assignments -> to(assignments, Assignment.class, topics.assignments()),
                "assignments"))
        .branch(
            (sessionId, value) -> value instanceof Command,
            Branched.withConsumer(
                commands -> to(commands, Command.class, topics.commands()), "commands"))
        .branch(
            (sessionId, value) -> value instanceof TurnSignal,
            Branched.withConsumer(
                signals -> to(signals, TurnSignal.class, topics.turnSignals()), "turn-signals"))
        .defaultBranch(
            Branched.withConsumer(
                events -> to(events, SessionEvent.class, topics.sessionEvents()),
                "session-events"));
  }

  private static <V extends SpecificRecord> void to(
      KStream<String, SpecificRecord> stream, Class<V> type, Topic<String, V> topic) {
    stream
        .mapValues(type::cast, Named.as("as-" + type.getSimpleName()))
        .to(
            topic.name(),
            Produced.with(topic.keySerde(), topic.valueSerde()).withName("to-" + topic.name()));
  }
}
