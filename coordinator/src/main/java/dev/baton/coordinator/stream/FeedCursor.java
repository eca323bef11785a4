package dev.baton.coordinator.stream;

import java.util.Objects;

/**
 * Where a session's feed (every turn of the session) is. Its text is {@code
 * f1.<tag>.<E>.<D>.<token>.<delivery>.<o|c>}: the session's tag (so that an id of another session
 * is refused), the offsets of the last session event and the last delta the feed has passed in the
 * session's partition, the fencing token of the latest agent step attempt it has seen start (0
 * before any), the run of that attempt whose output is shown (0 before its first delta), and
 * whether that attempt still runs ({@code o}) or has ended ({@code c}).
 *
 * @param tag the session's tag
 * @param eventsOffset the offset of the last session event passed
 * @param deltaOffset the offset of the last delta passed
 * @param token the fencing token of the latest attempt seen, 0 before any
 * @param delivery the run of that attempt whose deltas are shown, 0 before its first delta
 * @param open whether that attempt may still emit deltas
 */
public record FeedCursor(
    String tag, long eventsOffset, long deltaOffset, long token, int delivery, boolean open)
    implements StreamCursor {

  private static final String VERSION = "f1";
  private static final int FIELDS = 7;

  /** Null check. */
  public FeedCursor {
    Objects.requireNonNull(tag, "tag");
  }

  /**
   * The cursor before the first event, with the reader starting at the two offsets and attempts up
   * to {@code token} already ended.
   */
  static FeedCursor before(String sessionId, TurnStreams.Offsets from, long token) {
    return new FeedCursor(tagOf(sessionId), from.events() - 1, from.deltas() - 1, token, 0, false);
  }

  /** This cursor past the session event at {@code offset}. */
  FeedCursor withEvent(long offset) {
    return new FeedCursor(tag, offset, deltaOffset, token, delivery, open);
  }

  /** This cursor past the delta at {@code offset}. */
  FeedCursor withDelta(long offset) {
    return new FeedCursor(tag, eventsOffset, offset, token, delivery, open);
  }

  /** This cursor at the start of the attempt with fencing token {@code token}. */
  FeedCursor withAttempt(long token) {
    return new FeedCursor(tag, eventsOffset, deltaOffset, token, 0, true);
  }

  /** This cursor showing the run of delivery {@code delivery}. */
  FeedCursor withDelivery(int delivery) {
    return new FeedCursor(tag, eventsOffset, deltaOffset, token, delivery, open);
  }

  /** This cursor with the latest attempt ended. */
  FeedCursor closed() {
    return new FeedCursor(tag, eventsOffset, deltaOffset, token, delivery, false);
  }

  /** A feed does not end: its client closes it. */
  @Override
  public boolean ended() {
    return false;
  }

  @Override
  public String format() {
    return String.join(
        ".",
        VERSION,
        tag,
        Long.toString(eventsOffset),
        Long.toString(deltaOffset),
        Long.toString(token),
        Integer.toString(delivery),
        open ? "o" : "c");
  }

  /**
   * Reads an id of the feed of {@code sessionId}.
   *
   * @throws IllegalArgumentException if it is not an id of a session feed, or one of another
   *     session
   */
  public static FeedCursor parse(String text, String sessionId) {
    String kind = "a session feed";
    String[] fields =
        CursorText.fields(
            text, VERSION, FIELDS, 0, tagOf(sessionId), kind, "another session than " + sessionId);
    if (!fields[6].equals("o") && !fields[6].equals("c")) {
      throw new IllegalArgumentException(
          "'" + text + "' is not an event id of " + kind + ": unknown attempt state");
    }
    return CursorText.read(
        text,
        kind,
        () -> {
          FeedCursor cursor =
              new FeedCursor(
                  fields[1],
                  Long.parseLong(fields[2]),
                  Long.parseLong(fields[3]),
                  Long.parseLong(fields[4]),
                  Integer.parseInt(fields[5]),
                  fields[6].equals("o"));
          if (cursor.eventsOffset < -1
              || cursor.deltaOffset < -1
              || cursor.token < 0
              || cursor.delivery < 0) {
            throw new IllegalArgumentException("negative position");
          }
          return cursor;
        });
  }

  /** The session's tag: that of a turn with an empty id, which no turn has. */
  static String tagOf(String sessionId) {
    return TurnCursor.tagOf(sessionId, "");
  }
}
