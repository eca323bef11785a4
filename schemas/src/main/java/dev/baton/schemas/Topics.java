package dev.baton.schemas;

import dev.baton.schemas.avro.ApiToken;
import dev.baton.schemas.avro.Assignment;
import dev.baton.schemas.avro.Command;
import dev.baton.schemas.avro.HistoryEntry;
import dev.baton.schemas.avro.SessionEvent;
import dev.baton.schemas.avro.StreamDelta;
import dev.baton.schemas.avro.TurnSignal;
import dev.baton.schemas.avro.WorkerResult;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Every Baton topic with its key and value serdes. Session-keyed topics have the session key as a
 * UTF-8 string key, so they are co-partitioned; the history topic has a {@link HistoryKey}. Values
 * are Avro envelopes in the Confluent wire format, one value subject per topic.
 *
 * <pre>{@code
 * Topics topics = Topics.create(TopicLayout.defaults(), registry);
 * builder.stream(topics.commands().name(),
 *     Consumed.with(topics.commands().keySerde(), topics.commands().valueSerde()));
 * }</pre>
 *
 * @param commands client commands
 * @param workerResults worker results
 * @param assignments assignments to workers
 * @param sessionEvents the coordinator's events
 * @param turnStream output deltas
 * @param turnSignals signals to the workers running a turn
 * @param history the compacted history changelog
 * @param tokens the compacted API tokens, keyed by token id
 */
public record Topics(
    Topic<String, Command> commands,
    Topic<String, WorkerResult> workerResults,
    Topic<String, Assignment> assignments,
    Topic<String, SessionEvent> sessionEvents,
    Topic<String, StreamDelta> turnStream,
    Topic<String, TurnSignal> turnSignals,
    Topic<HistoryKey, HistoryEntry> history,
    Topic<String, ApiToken> tokens) {

  /** Returns the topics of {@code layout}, with serdes that use {@code registry}. */
  public static Topics create(TopicLayout layout, SchemaRegistryClient registry) {
    return new Topics(
        stringKeyed(layout.commands(), AvroSerde.forValue(Command.class, registry)),
        stringKeyed(layout.workerResults(), AvroSerde.forValue(WorkerResult.class, registry)),
        stringKeyed(layout.assignments(), AvroSerde.forValue(Assignment.class, registry)),
        stringKeyed(layout.sessionEvents(), AvroSerde.forValue(SessionEvent.class, registry)),
        stringKeyed(layout.turnStream(), AvroSerde.forValue(StreamDelta.class, registry)),
        stringKeyed(layout.turnSignals(), AvroSerde.forValue(TurnSignal.class, registry)),
        new Topic<>(
            layout.history(),
            new HistoryKeySerde(),
            AvroSerde.forValue(HistoryEntry.class, registry)),
        stringKeyed(layout.tokens(), AvroSerde.forValue(ApiToken.class, registry)));
  }

  /**
   * A copy whose Avro serdes encode each value once per thread ({@link AvroSerde#encodingOnce()}),
   * for a processor that measures its records before it writes them, and writes some to a topic and
   * a store alike.
   */
  public Topics encodingOnce() {
    return new Topics(
        encodingOnce(commands),
        encodingOnce(workerResults),
        encodingOnce(assignments),
        encodingOnce(sessionEvents),
        encodingOnce(turnStream),
        encodingOnce(turnSignals),
        encodingOnce(history),
        tokens);
  }

  @SuppressWarnings("unchecked")
  private static <K, V> Topic<K, V> encodingOnce(Topic<K, V> topic) {
    if (!(topic.valueSerde() instanceof AvroSerde<?> avro)) {
      return topic;
    }
    return new Topic<>(topic.name(), topic.keySerde(), (Serde<V>) avro.encodingOnce());
  }

  /** Every topic, in the order of {@link TopicLayout#specs()}. */
  public List<Topic<?, ?>> all() {
    return List.of(
        commands,
        workerResults,
        assignments,
        sessionEvents,
        turnStream,
        turnSignals,
        history,
        tokens);
  }

  private static <V extends SpecificRecord> Topic<String, V> stringKeyed(
      String name, Serde<V> values) {
    return new Topic<>(name, Serdes.String(), values);
  }
}
