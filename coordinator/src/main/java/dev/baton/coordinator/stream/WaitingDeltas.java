package dev.baton.coordinator.stream;

import dev.baton.schemas.avro.StreamDelta;
import java.util.ArrayDeque;
import java.util.function.ToIntFunction;

/**
 * The deltas a stream has read and not yet passed, in offset order: a delta whose attempt has not
 * started by the events sent so far waits, and every delta behind it with it.
 */
final class WaitingDeltas {

  /** What a stream does with a delta it passes. */
  @FunctionalInterface
  interface Passed {
    /**
     * The delta at {@code offset} is passed; {@code current} if it is of the current attempt (not
     * an older one).
     */
    void pass(long offset, StreamDelta delta, boolean current);
  }

  private record Waiting(long offset, StreamDelta delta) {}

  private final ArrayDeque<Waiting> queue = new ArrayDeque<>();

  /** Adds the delta at {@code offset}, unless it waits already (read again after a seek back). */
  void add(long offset, StreamDelta delta) {
    if (queue.isEmpty() || offset > queue.peekLast().offset()) {
      queue.addLast(new Waiting(offset, delta));
    }
  }

  /**
   * Passes the waiting deltas in order while {@code againstCurrent} finds each not newer than the
   * current attempt (negative older, 0 the same, positive newer).
   */
  void drain(ToIntFunction<StreamDelta> againstCurrent, Passed passed) {
    while (!queue.isEmpty()) {
      Waiting head = queue.peekFirst();
      int order = againstCurrent.applyAsInt(head.delta());
      if (order > 0) {
        return; // its attempt has not started by the events sent so far
      }
      queue.pollFirst();
      passed.pass(head.offset(), head.delta(), order == 0);
    }
  }

  /** Forgets every waiting delta. */
  void clear() {
    queue.clear();
  }
}
