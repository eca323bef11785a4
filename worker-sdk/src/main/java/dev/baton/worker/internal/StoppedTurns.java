package dev.baton.worker.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The turns a STOP signal ended, remembered so that an assignment of one that arrives later is
 * settled without running. Bounded: the least recently stopped turn is forgotten first. Not
 * thread-safe; {@link RunningAssignments} guards it.
 */
final class StoppedTurns {

  /** How many stopped turns a worker remembers by default. */
  static final int DEFAULT_CAPACITY = 10_000;

  private record Turn(String sessionId, String turnId) {}

  private final Map<Turn, Long> upToToken;

  StoppedTurns(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
    }
    this.upToToken =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<Turn, Long> eldest) {
            return size() > capacity;
          }
        };
  }

  /** Remembers that the turn stopped for every fencing token up to {@code upToFencingToken}. */
  void stop(String sessionId, String turnId, long upToFencingToken) {
    upToToken.merge(new Turn(sessionId, turnId), upToFencingToken, Math::max);
  }

  /** Whether work of the turn with {@code fencingToken} was stopped. */
  boolean isStopped(String sessionId, String turnId, long fencingToken) {
    Long upTo = upToToken.get(new Turn(sessionId, turnId));
    return upTo != null && fencingToken <= upTo;
  }

  /** How many turns are remembered. */
  int size() {
    return upToToken.size();
  }
}
