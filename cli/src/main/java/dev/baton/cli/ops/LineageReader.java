package dev.baton.cli.ops;

import dev.baton.cli.ops.internal.BoundedRead;
import dev.baton.schemas.AvroSerde;
import dev.baton.schemas.SchemaRegistryClient;
import dev.baton.schemas.avro.SessionEvent;
import dev.baton.schemas.avro.SessionForked;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Reads a session's lineage from the session-events topic: the {@code SessionForked} events on it,
 * as lines such as {@code forked from chat-42 at seq 4} (on a fork) or {@code forked to chat-42-b
 * at seq 4} (on its source), oldest first. Reads the topic from the beginning to its end as of the
 * start, like {@link HistoryReader}.
 *
 * <pre>{@code
 * List<String> lineage = new LineageReader(access, layout.sessionEvents()).read("chat-42");
 * }</pre>
 */
public final class LineageReader {

  private final ClusterAccess access;
  private final String topic;

  /** A reader of the session-events {@code topic} through {@code access}. */
  public LineageReader(ClusterAccess access, String topic) {
    this.access = Objects.requireNonNull(access, "access");
    this.topic = Objects.requireNonNull(topic, "topic");
  }

  /**
   * The lineage lines of {@code sessionId}; empty if it was never forked nor a fork.
   *
   * @throws OpsException if Kafka or the registry does not answer, or the topic does not exist
   */
  public List<String> read(String sessionId, ProgressListener progress) {
    access.requireReachable();
    List<String> lines = new ArrayList<>();
    byte[] key = sessionId.getBytes(StandardCharsets.UTF_8);
    try (SchemaRegistryClient registry = access.registryClient();
        KafkaConsumer<byte[], byte[]> consumer = access.rawConsumer()) {
      AvroSerde<SessionEvent> values = AvroSerde.forValue(SessionEvent.class, registry);
      BoundedRead read =
          BoundedRead.fromBeginning(access, consumer, topic, "is --topic-prefix the fleet's?");
      read.run(
          progress,
          record -> {
            if (java.util.Arrays.equals(key, record.key()) && record.value() != null) {
              SessionEvent event = values.deserialize(topic, record.value());
              if (event.getBody() instanceof SessionForked forked) {
                lines.add(line(sessionId, forked));
              }
            }
          });
    }
    return lines;
  }

  /** The lineage line of {@code forked}, an event of {@code sessionId}. */
  static String line(String sessionId, SessionForked forked) {
    return sessionId.equals(forked.getForkSessionId())
        ? "forked from " + forked.getSourceSessionId() + " at seq " + forked.getAtSeq()
        : "forked to " + forked.getForkSessionId() + " at seq " + forked.getAtSeq();
  }
}
