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
    cursor = cursor.withEvent(offset);
    StreamEvents.Mapped mapped = StreamEvents.map(event.getBody());
    if (mapped == null) {
      return;
    }
    switch (mapped.change()) {
      case NONE -> {}
      case ATTEMPT_STARTED -> cursor = cursor.withAttempt(mapped.attempt()[0], mapped.attempt()[1]);
      case ATTEMPT_CLOSED -> {
        int[] attempt = mapped.attempt();
        if (attempt[0] == cursor.step() && attempt[1] == cursor.attempt()) {
          cursor = cursor.withState(AttemptState.CLOSED);
        }
      }
      case TURN_ENDED -> {
        waiting.clear();
        cursor = cursor.withState(AttemptState.ENDED);
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
    boolean shown = current && cursor.state() == AttemptState.OPEN && StreamEvents.isOutput(delta);
    Runs.Verdict run = Runs.of(delta.getDelivery(), cursor.delivery());
    if (shown && run == Runs.Verdict.LATER) {
      cursor = cursor.withDelivery(delta.getDelivery());
      sink.accept(new TurnStreamEvent(cursor, Runs.RESTARTED, StreamEvents.restarted(delta)));
    } else if (shown && cursor.delivery() == 0) {
      cursor = cursor.withDelivery(delta.getDelivery());
    }
    cursor = cursor.withDelta(offset);
    if (shown && run != Runs.Verdict.EARLIER) {
      sink.accept(new TurnStreamEvent(cursor, "delta", StreamEvents.delta(delta)));
    }
  }

  /** The delta's attempt against the current one: negative older, 0 the same, positive newer. */
  private int compareToCurrent(StreamDelta delta) {
    int byStep = Integer.compare(delta.getStep(), cursor.step());
    return byStep != 0 ? byStep : Integer.compare(delta.getAttempt(), cursor.attempt());
  }
}
