package dev.baton.coordinator.stream;

import dev.baton.schemas.avro.SessionEvent;
import dev.baton.schemas.avro.StreamDelta;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The feed of every turn of one session, fed its records in offset order (each topic in its own
 * order): it passes each record at most once, by its offset, turns the events a client sees into
 * {@link TurnStreamEvent}s with their turn's id, and delivers a delta only while its attempt is the
 * latest started by the events already sent. Attempts are told apart by fencing token, which grows
 * with every attempt of the session: a delta with an older token (a fenced zombie's, or one of a
 * worker that sends none) is dropped; one with a newer token waits, with every delta behind it,
 * until that attempt's {@code step.started}. Plain Java, no Kafka type.
 */
final class FeedFilter implements StreamFilter {

  private final Consumer<TurnStreamEvent> sink;
  private final WaitingDeltas waiting = new WaitingDeltas();
  private final Set<String> endedTurnIds;
  private FeedCursor cursor;
  private String skipUntilTurnId;

  /**
   * A feed from {@code start}; if {@code fromTurnId} is not null, the events before that turn's
   * first one are skipped (a feed from a turn's start reads from a little earlier); events of
   * {@code endedTurnIds} are skipped.
   */
  FeedFilter(
      FeedCursor start,
      String fromTurnId,
      Set<String> endedTurnIds,
      Consumer<TurnStreamEvent> sink) {
    this.cursor = start;
    this.skipUntilTurnId = fromTurnId;
    this.endedTurnIds = Set.copyOf(endedTurnIds);
    this.sink = sink;
  }

  @Override
  public FeedCursor cursor() {
    return cursor;
  }

  /** A feed does not end: its client closes it. */
  @Override
  public boolean ended() {
    return false;
  }

  @Override
  public void onEvent(long offset, SessionEvent event) {
    if (offset <= cursor.eventsOffset()) {
      return;
    }
    cursor = cursor.withEvent(offset);
    if (endedTurnIds.contains(event.getTurnId())) {
      return;
    }
    if (skipUntilTurnId != null) {
      if (!skipUntilTurnId.equals(event.getTurnId())) {
        return;
      }
      skipUntilTurnId = null;
    }
    StreamEvents.Mapped mapped = StreamEvents.map(event.getBody());
    if (mapped == null) {
      return;
    }
    switch (mapped.change()) {
      case NONE -> {}
      case ATTEMPT_STARTED -> cursor = cursor.withAttempt(mapped.token());
      case ATTEMPT_CLOSED, TURN_ENDED -> cursor = cursor.closed();
    }
    sink.accept(new TurnStreamEvent(cursor, mapped.type(), ofTurn(event.getTurnId(), mapped)));
    if (mapped.change() == StreamEvents.Change.ATTEMPT_STARTED) {
      drainWaiting();
    }
  }

  @Override
  public void onDelta(long offset, StreamDelta delta) {
    if (offset <= cursor.deltaOffset()) {
      return;
    }
    waiting.add(offset, delta);
    drainWaiting();
  }

  private void drainWaiting() {
    waiting.drain(delta -> Long.compare(delta.getFencingToken(), cursor.token()), this::pass);
  }

  private void pass(long offset, StreamDelta delta, boolean current) {
    boolean shown = current && cursor.open() && StreamEvents.isOutput(delta);
    Runs.Verdict run = Runs.of(delta.getDelivery(), cursor.delivery());
    if (shown && run == Runs.Verdict.LATER) {
      cursor = cursor.withDelivery(delta.getDelivery());
      sink.accept(
          new TurnStreamEvent(
              cursor, Runs.RESTARTED, ofTurn(delta, StreamEvents.restarted(delta))));
    } else if (shown && cursor.delivery() == 0) {
      cursor = cursor.withDelivery(delta.getDelivery());
    }
    cursor = cursor.withDelta(offset);
    if (shown && run != Runs.Verdict.EARLIER) {
      sink.accept(new TurnStreamEvent(cursor, "delta", ofTurn(delta, StreamEvents.delta(delta))));
    }
  }

  private static Map<String, Object> ofTurn(StreamDelta delta, Map<String, Object> fields) {
    Map<String, Object> data = withTurn(delta.getTurnId());
    data.putAll(fields);
    return data;
  }

  private static Map<String, Object> ofTurn(CharSequence turnId, StreamEvents.Mapped mapped) {
    Map<String, Object> data = withTurn(turnId.toString());
    data.putAll(mapped.data());
    return data;
  }

  private static Map<String, Object> withTurn(String turnId) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("turnId", turnId);
    return data;
  }
}
