package dev.baton.coordinator.topology.internal;

import dev.baton.coordinator.session.Utf8;
import dev.baton.coordinator.topology.RememberedTurn;
import dev.baton.coordinator.topology.StoredSession;
import dev.baton.schemas.AvroSerde;
import dev.baton.schemas.Topic;
import dev.baton.schemas.Topics;
import dev.baton.schemas.avro.Assignment;
import dev.baton.schemas.avro.Command;
import dev.baton.schemas.avro.HistoryEntry;
import dev.baton.schemas.avro.SessionEvent;
import dev.baton.schemas.avro.TurnSignal;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The broker's limit on one record, applied before anything is written: the size of every record a
 * decision's effects would write (events, assignments, signals, history messages, the session's
 * state; the history store's changelog records are as large as the messages, and the events store's
 * hold as many of a decision's events as fit) against {@code maxRecordBytes}, less {@link
 * #HEADROOM} for the key, the headers and the record's framing. A record over it would fail in the
 * producer ({@code RecordTooLargeException}), and under exactly-once the transaction with it, so
 * the decision is refused before it is written. Records are measured with the serdes that write
 * them: with {@link Topics#encodingOnce() serdes that encode once}, the write reuses the measured
 * bytes. Not thread-safe: one per processor.
 */
final class RecordBudget {

  /** Bytes kept free in every record for its key, trace headers and the batch framing. */
  static final int HEADROOM = 1024;

  private final long maxValueBytes;
  private final Topics topics;
  private final Serializer<StoredSession> sessions;
  private final Serializer<List<RememberedTurn>> turnPages;

  /**
   * @param maxRecordBytes the largest record the broker accepts
   * @param topics the topics the records go to, whose (Avro) serdes measure them
   * @param sessions the sessions store's value serializer; a {@link StoredSessionSerde} keeps the
   *     bytes it measures for the store's put
   * @param turnPages the turns store's value serializer
   */
  RecordBudget(
      int maxRecordBytes,
      Topics topics,
      Serializer<StoredSession> sessions,
      Serializer<List<RememberedTurn>> turnPages) {
    this.maxValueBytes = Math.max(0, maxRecordBytes - HEADROOM);
    this.topics = topics;
    this.sessions = sessions;
    this.turnPages = turnPages;
  }

  /** The largest value a record may have, in bytes. */
  long maxValueBytes() {
    return maxValueBytes;
  }

  /** The first record of {@code effects} that is over the limit, if any. */
  Optional<Oversize> firstOversize(List<Effect> effects) {
    for (Effect effect : effects) {
      Optional<Oversize> over =
          switch (effect) {
            case Effect.Emit emit -> check(RecordKind.EVENT, emit.event());
            case Effect.AppendHistory append -> check(RecordKind.HISTORY, append.entry());
            case Effect.Assign assign -> check(RecordKind.EVENT, assign.stepAssigned());
            case Effect.Dispatch dispatch ->
                check(RecordKind.EVENT, dispatch.dispatched())
                    .or(() -> check(RecordKind.ASSIGNMENT, dispatch.assignment()));
            case Effect.Signal signal -> check(RecordKind.SIGNAL, signal.signal());
            case Effect.Save save -> checkSession(save.session());
            case Effect.PutTurnPage put -> checkTurnPage(put.turns());
            case Effect.PutPayload put -> checkPayload(put.body());
            case Effect.SendCommand send -> check(RecordKind.COMMAND, send.command());
            case Effect.SeedTooLarge seed ->
                Optional.of(
                    new Oversize(
                        RecordKind.COMMAND, "Command SeedFork", seed.bytes(), maxValueBytes));
            default -> Optional.empty();
          };
      if (over.isPresent()) {
        return over;
      }
    }
    return Optional.empty();
  }

  /** The bytes by which {@code value} is over the limit; 0 or less if it fits. */
  long excess(SpecificRecord value) {
    return avroBytes(value) - maxValueBytes;
  }

  private Optional<Oversize> check(RecordKind kind, SpecificRecord value) {
    long bytes = avroBytes(value);
    return bytes > maxValueBytes
        ? Optional.of(new Oversize(kind, describe(value), bytes, maxValueBytes))
        : Optional.empty();
  }

  private Optional<Oversize> checkSession(StoredSession session) {
    long bytes = sessions.serialize(null, session).length;
    return bytes > maxValueBytes
        ? Optional.of(new Oversize(RecordKind.SESSION, "state", bytes, maxValueBytes))
        : Optional.empty();
  }

  private Optional<Oversize> checkTurnPage(List<RememberedTurn> page) {
    long bytes = turnPages.serialize(null, page).length;
    return bytes > maxValueBytes
        ? Optional.of(new Oversize(RecordKind.SESSION, "remembered turns", bytes, maxValueBytes))
        : Optional.empty();
  }

  private Optional<Oversize> checkPayload(String body) {
    long bytes = Utf8.length(body);
    return bytes > maxValueBytes
        ? Optional.of(new Oversize(RecordKind.PAYLOAD, "body", bytes, maxValueBytes))
        : Optional.empty();
  }

  /**
   * The size of {@code value} in the Confluent wire format, measured by the serde of the topic it
   * goes to (the events and history stores' changelog records are the same size).
   */
  long avroBytes(SpecificRecord value) {
    return switch (value) {
      case SessionEvent event -> wireSize(topics.sessionEvents(), event);
      case Assignment assignment -> wireSize(topics.assignments(), assignment);
      case HistoryEntry entry -> wireSize(topics.history(), entry);
      case TurnSignal signal -> wireSize(topics.turnSignals(), signal);
      case Command command -> wireSize(topics.commands(), command);
      default -> throw new IllegalArgumentException("no topic for " + value.getClass());
    };
  }

  private static <V extends SpecificRecord> long wireSize(Topic<?, V> topic, V value) {
    if (!(topic.valueSerde() instanceof AvroSerde<V> avro)) {
      throw new IllegalStateException("the values of " + topic.name() + " are not Avro");
    }
    return avro.wireSize(value);
  }

  private static String describe(SpecificRecord value) {
    String type = value.getClass().getSimpleName();
    if (value instanceof SessionEvent event && event.getBody() != null) {
      return type + " " + event.getBody().getClass().getSimpleName();
    }
    if (value instanceof Command command && command.getBody() != null) {
      return type + " " + command.getBody().getClass().getSimpleName();
    }
    return type;
  }

  /** Which kind of record was too large; the tag of {@code baton-oversize-records-total}. */
  enum RecordKind {
    /** A session event (and its copy in the events store). */
    EVENT,
    /** An assignment for the workers. */
    ASSIGNMENT,
    /** A history message (the history store's changelog record). */
    HISTORY,
    /** The session's state (the sessions store's changelog record). */
    SESSION,
    /** A turn signal for the workers. */
    SIGNAL,
    /** A payload body of the session's state (the payloads store's changelog record). */
    PAYLOAD,
    /** A command to another session: the seed of a fork. */
    COMMAND
  }

  /**
   * A record over the limit.
   *
   * @param kind what kind of record
   * @param what the record's type, for people
   * @param bytes its value's size
   * @param limit the largest value allowed
   */
  record Oversize(RecordKind kind, String what, long bytes, long limit) {

    /** For the model's failure detail: which record, how large, the limit. */
    String detail() {
      return "needs a "
          + kind.name().toLowerCase(Locale.ROOT)
          + " record ("
          + what
          + ") of "
          + bytes
          + " bytes, over the "
          + limit
          + " bytes a record may take";
    }
  }
}
