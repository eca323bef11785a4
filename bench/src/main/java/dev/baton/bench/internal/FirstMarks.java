package dev.baton.bench.internal;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per turn, a fixed number of slots, each keeping the first value marked in it (0 until then); safe
 * to mark from many threads.
 */
final class FirstMarks {

  private final int slots;
  private final Map<String, long[]> byTurn = new ConcurrentHashMap<>();

  FirstMarks(int slots) {
    this.slots = slots;
  }

  /** Marks {@code value} in {@code slot} of {@code turnId}, unless that slot is marked already. */
  void mark(String turnId, int slot, long value) {
    long[] values = byTurn.computeIfAbsent(turnId, id -> new long[slots]);
    synchronized (values) {
      if (values[slot] == 0) {
        values[slot] = value;
      }
    }
  }

  /** A copy of the slots of {@code turnId}, or null if nothing was marked for it. */
  long[] of(String turnId) {
    long[] values = byTurn.get(turnId);
    if (values == null) {
      return null;
    }
    synchronized (values) {
      return Arrays.copyOf(values, values.length);
    }
  }

  /** Copies of the slots of the turns whose id starts with {@code turnIdPrefix}, by turn id. */
  Map<String, long[]> byTurn(String turnIdPrefix) {
    Map<String, long[]> copy = new TreeMap<>();
    byTurn.keySet().stream()
        .filter(turnId -> turnId.startsWith(turnIdPrefix))
        .forEach(turnId -> copy.put(turnId, of(turnId)));
    return copy;
  }
}
