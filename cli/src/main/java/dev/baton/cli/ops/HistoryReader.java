package dev.baton.cli.ops;

import dev.baton.cli.ops.internal.BoundedRead;
import dev.baton.schemas.AvroSerde;
import dev.baton.schemas.HistoryKey;
import dev.baton.schemas.HistoryKeySerde;
import dev.baton.schemas.SchemaRegistryClient;
import dev.baton.schemas.avro.HistoryEntry;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Reads sessions' transcripts from the compacted history topic ({@code
 * <applicationId>-history-changelog}) with a plain consumer, from the beginning of every partition
 * to the end offsets as of the start of the read; no coordinator is needed. The last value of each
 * {@link HistoryKey} wins and a tombstone deletes it, so cleared history stays cleared whether or
 * not the topic was compacted yet. Only committed transactions are read.
 *
 * <pre>{@code
 * HistoryReader reader = new HistoryReader(access, TopicLayout.defaults().history());
 * List<HistoryEntry> transcript = reader.read("chat-42", ProgressListener.NONE);
 * Map<String, List<HistoryEntry>> all = reader.readAll(session -> true, ProgressListener.NONE);
 * }</pre>
 */
public final class HistoryReader {

  private final ClusterAccess access;
  private final String topic;

  /** A reader of {@code topic} through {@code access}. */
  public HistoryReader(ClusterAccess access, String topic) {
    this.access = Objects.requireNonNull(access, "access");
    this.topic = Objects.requireNonNull(topic, "topic");
  }

  /** The topic this reader reads. */
  public String topic() {
    return topic;
  }

  /**
   * One session's messages in seq order; empty if the topic holds none.
   *
   * @throws OpsException if Kafka or the registry does not answer, or the topic does not exist
   */
  public List<HistoryEntry> read(String sessionId, ProgressListener progress) {
    return readAll(sessionId::equals, progress).getOrDefault(sessionId, List.of());
  }

  /**
   * The messages of every session that {@code sessions} accepts, by session id in order, each in
   * seq order. Sessions whose history is entirely deleted are absent.
   *
   * @throws OpsException if Kafka or the registry does not answer, or the topic does not exist
   */
  public Map<String, List<HistoryEntry>> readAll(
      Predicate<String> sessions, ProgressListener progress) {
    access.requireReachable();
    Map<String, TreeMap<Long, HistoryEntry>> latest = new TreeMap<>();
    HistoryKeySerde keys = new HistoryKeySerde();
    try (SchemaRegistryClient registry = access.registryClient();
        KafkaConsumer<byte[], byte[]> consumer = access.rawConsumer()) {
      AvroSerde<HistoryEntry> values = AvroSerde.forValue(HistoryEntry.class, registry);
      BoundedRead read =
          BoundedRead.fromBeginning(
              access, consumer, topic, "is --application-id the coordinators' application id?");
      read.run(
          progress,
          record -> {
            HistoryKey key = keys.deserialize(topic, record.key());
            if (sessions.test(key.sessionId())) {
              apply(latest, key, values.deserialize(topic, record.value()));
            }
          });
    }
    Map<String, List<HistoryEntry>> result = new TreeMap<>();
    latest.forEach(
        (session, messages) -> {
          if (!messages.isEmpty()) {
            result.put(session, List.copyOf(messages.values()));
          }
        });
    return result;
  }

  private static void apply(
      Map<String, TreeMap<Long, HistoryEntry>> latest, HistoryKey key, HistoryEntry entry) {
    TreeMap<Long, HistoryEntry> messages =
        latest.computeIfAbsent(key.sessionId(), k -> new TreeMap<>());
    if (entry == null) {
      messages.remove(key.seq());
    } else {
      messages.put(key.seq(), entry);
    }
  }
}
