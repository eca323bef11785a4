package dev.baton.bench.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The text of one delta of the {@link StreamingAgent}: its number in the step and the {@link
 * System#nanoTime()} at which the agent emitted it, {@code "<index>:<nanos> "}. The agent and the
 * stream clients run in the benchmark's JVM, so the reader's own {@code nanoTime} minus the stamp
 * is the delta's latency from emit to read. The worker SDK sends what a step emits within its
 * {@code deltaLinger} as one delta, so one delta's text can hold several stamped emits, each ending
 * in its space ({@link #parseAll}).
 *
 * @param index the delta's number, from 0
 * @param emittedNanos when it was emitted
 */
record StampedDelta(int index, long emittedNanos) {

  /** The delta's text. */
  String text() {
    return index + ":" + emittedNanos + " ";
  }

  /**
   * Reads a delta's text.
   *
   * @throws IllegalArgumentException if {@code text} is not {@code <index>:<nanos> }
   */
  static StampedDelta parse(String text) {
    int colon = text.indexOf(':');
    if (colon > 0 && text.endsWith(" ")) {
      try {
        return new StampedDelta(
            Integer.parseInt(text.substring(0, colon)),
            Long.parseLong(text.substring(colon + 1, text.length() - 1)));
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    throw new IllegalArgumentException("not a stamped delta: \"" + text + "\"");
  }

  /**
   * Reads the text of a delta that holds one or more stamped emits, in the order emitted.
   *
   * @throws IllegalArgumentException if {@code text} is not one or more {@code <index>:<nanos> }
   */
  static List<StampedDelta> parseAll(String text) {
    if (!text.endsWith(" ")) {
      throw new IllegalArgumentException("not a stamped delta: \"" + text + "\"");
    }
    List<StampedDelta> emits = new ArrayList<>();
    for (String one : text.substring(0, text.length() - 1).split(" ", -1)) {
      try {
        emits.add(parse(one + " "));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("not a stamped delta: \"" + text + "\"", e);
      }
    }
    return emits;
  }
}
