package dev.baton.coordinator.topology.internal;

import java.time.Instant;

/**
 * Keys of the timers store: the due instant as zero-padded epoch milliseconds, then the session id,
 * so that a range scan from the start up to now finds every session that is due, earliest first.
 */
final class TimerKeys {

  private static final char SEPARATOR = '|';

  private TimerKeys() {}

  /** The key of {@code sessionId} due at {@code due}. */
  static String of(Instant due, String sessionId) {
    return prefix(due.toEpochMilli()) + SEPARATOR + sessionId;
  }

  /** The lowest key: nothing is due before it. */
  static String first() {
    return prefix(0);
  }

  /** A key above every key due before {@code now}, and below every key due at or after it. */
  static String before(Instant now) {
    return prefix(now.toEpochMilli());
  }

  /** The session id of {@code key}. */
  static String sessionId(String key) {
    return key.substring(key.indexOf(SEPARATOR) + 1);
  }

  /** The due instant of {@code key}, to the millisecond. */
  static Instant due(String key) {
    return Instant.ofEpochMilli(Long.parseLong(key.substring(0, key.indexOf(SEPARATOR))));
  }

  private static String prefix(long epochMillis) {
    return String.format("%019d", Math.max(0, epochMillis));
  }
}
