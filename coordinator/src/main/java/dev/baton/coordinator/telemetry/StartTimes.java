package dev.baton.coordinator.telemetry;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * When the current piece of work of each session started (its turn, or its step attempt), as this
 * instance decided it: the other end of a duration the model decides later. Work whose start
 * another instance decided (the session moved) has none, and is not timed. Bounded: the oldest
 * starts are forgotten first, so sessions that moved away cost nothing for long. Safe for the
 * stream threads to share.
 */
final class StartTimes {

  /** What started, and when. */
  private record Start(String what, Instant at) {}

  private final Map<String, Start> bySession;

  StartTimes(int capacity) {
    this.bySession =
        new LinkedHashMap<>() {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Start> eldest) {
            return size() > capacity;
          }
        };
  }

  /**
   * {@code what} of {@code sessionId} started {@code at}; it replaces the session's earlier work.
   */
  synchronized void started(String sessionId, String what, Instant at) {
    bySession.remove(sessionId);
    bySession.put(sessionId, new Start(what, at));
  }

  /**
   * How long {@code what} of {@code sessionId} ran until {@code at}, if its start was seen here; it
   * is forgotten either way.
   */
  synchronized Optional<Duration> ended(String sessionId, String what, Instant at) {
    Start start = bySession.get(sessionId);
    if (start == null || !start.what().equals(what)) {
      return Optional.empty();
    }
    bySession.remove(sessionId);
    return Optional.of(Duration.between(start.at(), at));
  }

  synchronized int size() {
    return bySession.size();
  }
}
