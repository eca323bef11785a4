package dev.baton.schemas;

import java.util.Comparator;

/**
 * The key of a message in the history topic and the coordinator's history store: the session id and
 * the message's sequence number in the session. {@link HistoryKeySerde} encodes it so that the byte
 * order equals this class's order, which makes a session's messages one contiguous, seq-ordered
 * range of a store.
 *
 * <pre>{@code
 * store.range(HistoryKey.first(sessionId), HistoryKey.last(sessionId)); // one session, in order
 * }</pre>
 *
 * @param sessionId a valid session key, see {@link SessionKeys}
 * @param seq the message's sequence number in the session, at least 0
 */
public record HistoryKey(String sessionId, long seq) implements Comparable<HistoryKey> {

  private static final Comparator<HistoryKey> ORDER =
      Comparator.comparing(HistoryKey::sessionId).thenComparingLong(HistoryKey::seq);

  /** Validates the session id and the sequence number. */
  public HistoryKey {
    SessionKeys.requireValid(sessionId);
    if (seq < 0) {
      throw new IllegalArgumentException("history seq must be at least 0, got " + seq);
    }
  }

  /** The smallest key of a session. */
  public static HistoryKey first(String sessionId) {
    return new HistoryKey(sessionId, 0);
  }

  /** The largest key of a session. */
  public static HistoryKey last(String sessionId) {
    return new HistoryKey(sessionId, Long.MAX_VALUE);
  }

  /** Orders by session id, then by seq; the same order as the encoded bytes. */
  @Override
  public int compareTo(HistoryKey other) {
    return ORDER.compare(this, other);
  }
}
