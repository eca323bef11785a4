package dev.baton.coordinator.stream;

import dev.baton.coordinator.stream.TurnCursor.AttemptState;
import dev.baton.schemas.avro.SessionEvent;
import dev.baton.schemas.avro.StreamDelta;
import java.util.function.Consumer;

/**
 * The stream of one turn, fed the records of its session in offset order (each topic in its own
 * order): it passes each record of the turn at most once, by its offset, turns those a client sees
 * into {@link TurnStreamEvent}s, and delivers a delta only while its attempt is the current one by
 * the events already sent. A delta of an older attempt (a fenced zombie's) is dropped; one of a
 * newer attempt waits, with every delta behind it, until that attempt's {@code step.started}. Plain
 * Java, no Kafka type: the reader calls it on its thread.
 */
final class TurnFilter implements StreamFilter {

  private final String turnId;
  private final Consumer<TurnStreamEvent> sink;
  private final WaitingDeltas waiting = new WaitingDeltas();
  private TurnCursor cursor;

  TurnFilter(String turnId, TurnCursor start, Consumer<TurnStreamEvent> sink) {
    this.turnId = turnId;
    this.cursor = start;
    this.sink = sink;
  }

  @Override
  public TurnCursor cursor() {
    return cursor;
  }

  @Override
  public boolean ended() {
    return cursor.ended();
  }

  @Override
  public void onEvent(long offset, SessionEvent event) {
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

  @Override
  public void onDelta(long offset, StreamDelta delta) {
    if (ended() || offset <= cursor.deltaOffset() || !turnId.equals(delta.getTurnId())) {
      return;
    }
    waiting.add(offset, delta);
    drainWaiting();
  }

  private void drainWaiting() {
    waiting.drain(this::compareToCurrent, this::pass);
  }

  private void pass(long offset, StreamDelta delta, boolean current) {
    move(cursor.eventsOffset(), offset, cursor.step(), cursor.attempt(), cursor.state());
    if (current && cursor.state() == AttemptState.OPEN && StreamEvents.isOutput(delta)) {
      sink.accept(new TurnStreamEvent(cursor, "delta", StreamEvents.delta(delta)));
    }
  }

  /** The delta's attempt against the current one: negative older, 0 the same, positive newer. */
  private int compareToCurrent(StreamDelta delta) {
    int byStep = Integer.compare(delta.getStep(), cursor.step());
    return byStep != 0 ? byStep : Integer.compare(delta.getAttempt(), cursor.attempt());
  }

  private void move(long events, long deltas, int step, int attempt, AttemptState state) {
    cursor = new TurnCursor(cursor.tag(), events, deltas, step, attempt, state);
  }
}
