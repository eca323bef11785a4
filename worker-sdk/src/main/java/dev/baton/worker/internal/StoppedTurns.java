package dev.baton.worker.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The stops this worker has read, as one watermark per session: every assignment of the session
 * whose fencing token is at most the session's highest stopped token belongs to a turn that has
 * ended. A stop names the session's newest token when its turn ended, and tokens only grow, so the
 * watermark also covers the earlier turns of the session. Bounded: the least recently stopped
 * session is forgotten first. Not thread-safe; {@link RunningAssignments} guards it.
 */
final class StoppedTurns {

  /** How many sessions' stops a worker remembers by default. */
  static final int DEFAULT_CAPACITY = 100_000;

  private final Map<String, Long> upToToken;

  StoppedTurns(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
    }
    this.upToToken =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > capacity;
          }
        };
  }

  /** Remembers that every assignment of the session up to {@code upToFencingToken} is stopped. */
  void stop(String sessionId, long upToFencingToken) {
    upToToken.merge(sessionId, upToFencingToken, Math::max);
  }

  /** Whether work of the session with {@code fencingToken} was stopped. */
  boolean isStopped(String sessionId, long fencingToken) {
    Long upTo = upToToken.get(sessionId);
    return upTo != null && fencingToken <= upTo;
  }

  /** How many sessions are remembered. */
  int size() {
    return upToToken.size();
  }
}
