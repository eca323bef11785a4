package dev.baton.coordinator.stream;

import dev.baton.coordinator.stream.TurnCursor.AttemptState;
import dev.baton.schemas.avro.SessionEvent;
import dev.baton.schemas.avro.StreamDelta;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The stream of one turn, fed the records of its session in offset order (each topic in its own
 * order): it passes each record of the turn at most once, by its offset, turns those a client sees
 * into {@link TurnStreamEvent}s, and delivers a delta only while its attempt is the current one by
 * the events already sent. A delta of an older attempt (a fenced zombie's) is dropped; one of a
 * newer attempt waits, with every delta behind it, until that attempt's {@code step.started}. Plain
 * Java, no Kafka type: the reader calls it on its thread.
 */
final class TurnFilter {

  private record Waiting(long offset, StreamDelta delta) {}

  private final String turnId;
  private final Consumer<TurnStreamEvent> sink;
  private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
  private TurnCursor cursor;

  TurnFilter(String turnId, TurnCursor start, Consumer<TurnStreamEvent> sink) {
    this.turnId = turnId;
    this.cursor = start;
    this.sink = sink;
  }

  TurnCursor cursor() {
    return cursor;
  }

  boolean ended() {
    return cursor.ended();
  }

  /** Passes a session event of the turn's session at {@code offset}. */
  void onEvent(long offset, SessionEvent event) {
    if (ended() || offset <= cursor.eventsOffset() || !turnId.equals(event.getTurnId())) {
      return;
    }
    move(offset, cursor.deltaOffset(), cursor.step(), cursor.attempt(), cursor.state());
    StreamEvents.Mapped mapped = StreamEvents.map(event.getBody());
    if (mapped == null) {
      return;
    }
    switch (mapped.change()) {
      case NONE -> {}
      case ATTEMPT_STARTED -> {
        int[] attempt = mapped.attempt();
        move(offset, cursor.deltaOffset(), attempt[0], attempt[1], AttemptState.OPEN);
      }
      case ATTEMPT_CLOSED -> {
        int[] attempt = mapped.attempt();
        if (attempt[0] == cursor.step() && attempt[1] == cursor.attempt()) {
          move(offset, cursor.deltaOffset(), cursor.step(), cursor.attempt(), AttemptState.CLOSED);
        }
      }
      case TURN_ENDED -> {
        waiting.clear();
        move(offset, cursor.deltaOffset(), cursor.step(), cursor.attempt(), AttemptState.ENDED);
      }
    }
    sink.accept(new TurnStreamEvent(cursor, mapped.type(), mapped.data()));
    if (mapped.change() == StreamEvents.Change.ATTEMPT_STARTED) {
      drainWaiting();
    }
  }

  /** Passes a delta of the turn's session at {@code offset}. */
  void onDelta(long offset, StreamDelta delta) {
    if (ended() || offset <= cursor.deltaOffset() || !turnId.equals(delta.getTurnId())) {
      return;
    }
    if (!waiting.isEmpty() && offset <= waiting.peekLast().offset()) {
      return; // read again after the reader moved back; it waits already
    }
    waiting.addLast(new Waiting(offset, delta));
    drainWaiting();
  }

  private void drainWaiting() {
    while (!waiting.isEmpty()) {
      Waiting head = waiting.peekFirst();
      int order = compareToCurrent(head.delta());
      if (order > 0) {
        return; // its attempt has not started by the events sent so far
      }
      waiting.pollFirst();
      move(cursor.eventsOffset(), head.offset(), cursor.step(), cursor.attempt(), cursor.state());
      if (order == 0 && cursor.state() == AttemptState.OPEN && isOutput(head.delta())) {
        sink.accept(new TurnStreamEvent(cursor, "delta", deltaData(head.delta())));
      }
    }
  }

  /** The delta's attempt against the current one: negative older, 0 the same, positive newer. */
  private int compareToCurrent(StreamDelta delta) {
    int byStep = Integer.compare(delta.getStep(), cursor.step());
    return byStep != 0 ? byStep : Integer.compare(delta.getAttempt(), cursor.attempt());
  }

  /** Text of the agent step; the empty delta that marks a step's last is not sent. */
  private static boolean isOutput(StreamDelta delta) {
    return delta.getCallId() == null && !delta.getText().isEmpty();
  }

  private static Map<String, Object> deltaData(StreamDelta delta) {
    return StreamEvents.data(
        "step", delta.getStep(),
        "attempt", delta.getAttempt(),
        "index", delta.getIndex(),
        "kind", delta.getKind(),
        "text", delta.getText());
  }

  private void move(long events, long deltas, int step, int attempt, AttemptState state) {
    cursor = new TurnCursor(cursor.tag(), events, deltas, step, attempt, state);
  }
}
