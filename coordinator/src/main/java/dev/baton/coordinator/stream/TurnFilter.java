package dev.baton.coordinator.stream;

import dev.baton.coordinator.stream.TurnCursor.AttemptState;
import dev.baton.coordinator.stream.TurnCursor.Join;
import dev.baton.coordinator.stream.TurnCursor.JoinState;
import dev.baton.schemas.avro.SessionEvent;
import dev.baton.schemas.avro.SteeredInputsDelivered;
import dev.baton.schemas.avro.StreamDelta;
import dev.baton.schemas.avro.TurnMerged;
import dev.baton.schemas.avro.TurnStarted;
import dev.baton.schemas.avro.TurnSteered;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The stream of one turn, fed the records of its session in offset order (each topic in its own
 * order): it passes each record of the turn at most once, by its offset, turns those a client sees
 * into {@link TurnStreamEvent}s, and delivers a delta only while its attempt is the current one by
 * the events already sent. A delta of an older attempt (a fenced zombie's) is dropped; one of a
 * newer attempt waits, with every delta behind it, until that attempt's {@code step.started}.
 *
 * <p>An input that joined another turn ({@code turn.steered}, {@code turn.merged}) has no end of
 * its own: its stream then also follows the events of the turn it joined, shows none of them, and
 * ends with that turn's end ({@code turn.ended} with {@code joinedTurnId}) once a step of that turn
 * carried the input ({@code SteeredInputsDelivered}), or if that turn ends before it starts (the
 * merged input ends with it). If the joined turn ends while the input still waits for a step, the
 * input runs as the next turn, or joins it ({@code turn.merged}), and the stream goes on with it.
 * Plain Java, no Kafka type: the reader calls it on its thread.
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
    if (ended() || offset <= cursor.eventsOffset()) {
      return;
    }
    if (turnId.equals(event.getTurnId())) {
      cursor = cursor.withEvent(offset);
      onOwnEvent(event.getBody());
    } else if (cursor.join() != null && cursor.join().turnId().equals(event.getTurnId())) {
      cursor = cursor.withEvent(offset);
      onJoinedTurnEvent(event.getBody());
    }
  }

  private void onOwnEvent(Object body) {
    StreamEvents.Mapped mapped = StreamEvents.map(body);
    if (mapped == null) {
      return;
    }
    cursor = cursor.withJoin(joinOf(body));
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

  /**
   * The turn a shown event of the input's own turn says it joined, or null: any other shown event
   * of its own turn means that it runs (or is queued) as a turn of its own.
   */
  private static Join joinOf(Object body) {
    return switch (body) {
      case TurnSteered steered -> new Join(steered.getIntoTurnId(), JoinState.WAITING);
      case TurnMerged merged -> new Join(merged.getIntoTurnId(), JoinState.QUEUED);
      default -> null;
    };
  }

  /**
   * An event of the turn the input joined: the input's fate as it tells it, and at that turn's end
   * the stream's, unless the input still waits for a step (it then runs as a turn of its own).
   */
  private void onJoinedTurnEvent(Object body) {
    Join join = cursor.join();
    StreamEvents.Mapped mapped = StreamEvents.map(body);
    if (mapped == null || mapped.change() != StreamEvents.Change.TURN_ENDED) {
      cursor = cursor.withJoin(join.in(joinStateAfter(join.state(), body)));
    } else if (join.state() == JoinState.WAITING) {
      cursor = cursor.withJoin(null);
    } else {
      waiting.clear();
      cursor = cursor.withState(AttemptState.ENDED);
      Map<String, Object> data = new LinkedHashMap<>(mapped.data());
      data.put("joinedTurnId", join.turnId());
      sink.accept(new TurnStreamEvent(cursor, mapped.type(), data));
    }
  }

  /**
   * Where the input stands after an event of the turn it joined: a queued turn that starts takes
   * the input in for its next step; a step that carries it makes that turn's end its own.
   */
  private JoinState joinStateAfter(JoinState state, Object body) {
    if (body instanceof SteeredInputsDelivered delivered
        && delivered.getMessageIds().contains(turnId)) {
      return JoinState.DELIVERED;
    }
    if (body instanceof TurnStarted && state == JoinState.QUEUED) {
      return JoinState.WAITING;
    }
    return state;
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
