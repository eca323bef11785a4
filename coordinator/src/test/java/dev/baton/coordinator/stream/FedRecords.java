package dev.baton.coordinator.stream;

import dev.baton.schemas.avro.Failure;
import dev.baton.schemas.avro.SessionEvent;
import dev.baton.schemas.avro.StepAttemptFailed;
import dev.baton.schemas.avro.StreamDelta;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Records of one session's two topics at their offsets (events from 100, deltas from 500), in the
 * order a reader hands them on, to feed a {@link StreamFilter} with.
 */
final class FedRecords {

  /** Where the events start. */
  static final long FIRST_EVENT = 100;

  /** Where the deltas start. */
  static final long FIRST_DELTA = 500;

  private record Fed(boolean isEvent, long offset, Object value) {}

  private final String sessionId;
  private final List<Fed> fed = new ArrayList<>();
  private long eventOffset = FIRST_EVENT;
  private long deltaOffset = FIRST_DELTA;

  FedRecords(String sessionId) {
    this.sessionId = sessionId;
  }

  /** Adds a session event of {@code turnId} with {@code body}. */
  void event(String turnId, Object body) {
    long offset = eventOffset++;
    fed.add(
        new Fed(
            true,
            offset,
            new SessionEvent("e-" + offset, offset, sessionId, turnId, Instant.EPOCH, null, body)));
  }

  /** Adds a delta. */
  void delta(StreamDelta delta) {
    fed.add(new Fed(false, deltaOffset++, delta));
  }

  /** Hands the record added last on again, as a reader that moved back reads it again. */
  void again() {
    fed.add(fed.getLast());
  }

  /** The events the filter made of {@code filter} fed every record. */
  List<TurnStreamEvent> run(Function<Consumer<TurnStreamEvent>, StreamFilter> filter) {
    List<TurnStreamEvent> sent = new ArrayList<>();
    StreamFilter stream = filter.apply(sent::add);
    for (Fed record : fed) {
      if (record.isEvent()) {
        stream.onEvent(record.offset(), (SessionEvent) record.value());
      } else {
        stream.onDelta(record.offset(), (StreamDelta) record.value());
      }
    }
    return sent;
  }

  /** The texts of the deltas sent. */
  static List<Object> texts(List<TurnStreamEvent> sent) {
    return sent.stream()
        .filter(e -> e.type().equals("delta"))
        .map(e -> e.data().get("text"))
        .toList();
  }

  /** A failed attempt: its lease expired. */
  static StepAttemptFailed failed(int step, int attempt, long token) {
    return new StepAttemptFailed(
        step,
        attempt,
        token,
        null,
        "w-1",
        new Failure("LEASE_EXPIRED", "no word from the worker", null),
        true);
  }
}
