package dev.baton.coordinator.http;

import dev.baton.coordinator.topology.StoredSession;
import dev.baton.schemas.avro.Command;
import dev.baton.schemas.avro.HistoryEntry;
import dev.baton.schemas.avro.SessionEvent;
import java.util.List;
import java.util.Optional;

/**
 * What the session endpoints need from the coordinator: who owns a session, reads of the owner's
 * stores, and writing commands. {@link KafkaSessionService} implements it with Kafka Streams'
 * interactive queries and a producer.
 *
 * <p>The read methods answer from this instance's stores and are called only when {@link #ownerOf}
 * says {@link SessionOwner.Local}. They throw Kafka Streams' {@link
 * org.apache.kafka.streams.errors.InvalidStateStoreException} when the store cannot be queried now
 * (the session moved, or the instance is rebalancing); the API answers 503 then.
 *
 * <p>{@code service.session("s-1").map(stored -> stored.state().statusOf("t-1"))}
 */
public interface SessionService {

  /** The instance that owns {@code sessionId} now. */
  SessionOwner ownerOf(String sessionId);

  /** The session's stored state with its remembered turns, or empty if the session has none. */
  Optional<StoredSession> session(String sessionId);

  /**
   * The sessions of {@code tenant} whose partitions this instance owns now, in key order, as their
   * records hold them: their running and queued turns, without the finished turns they remember.
   *
   * @throws org.apache.kafka.streams.errors.InvalidStateStoreException if the stores cannot be
   *     queried now
   */
  List<StoredSession> localSessions(String tenant);

  /** The other instances of this coordinator's application, which own the other partitions. */
  List<SessionOwner.Remote> otherInstances();

  /** Up to {@code limit} history messages from seq {@code fromSeq} on, in seq order. */
  List<HistoryEntry> history(String sessionId, long fromSeq, int limit);

  /** Up to {@code limit} of the session's kept events from {@code fromEventSeq} on, in order. */
  List<SessionEvent> events(String sessionId, long fromEventSeq, int limit);

  /** The assistant answer of a completed turn, if its messages are still in the history. */
  Optional<String> answer(String sessionId, String turnId);

  /**
   * Writes {@code command} to the commands topic, keyed by its session id, and returns once it is
   * acknowledged by all in-sync replicas.
   *
   * @throws org.apache.kafka.common.KafkaException if it could not be written
   */
  void send(Command command);

  /**
   * Tells the service that {@code owner} refused the connection of a request forwarded to it: it
   * may have crashed. By default nothing happens.
   */
  default void ownerRefused(SessionOwner.Remote owner) {}

  /** Tells the service that a request forwarded to {@code owner} reached it. By default nothing. */
  default void ownerReached(SessionOwner.Remote owner) {}

  /**
   * Sends a new command with {@code body} for {@code sessionId}, with a random command id and the
   * current time, and returns it.
   */
  default Command send(String sessionId, Object body) {
    Command command =
        new Command(
            java.util.UUID.randomUUID().toString(), sessionId, java.time.Instant.now(), body);
    send(command);
    return command;
  }
}
