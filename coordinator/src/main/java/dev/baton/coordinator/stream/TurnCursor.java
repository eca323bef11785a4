package dev.baton.coordinator.stream;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Where a turn's stream is: the id of each event it sends, from which it resumes on any instance.
 * Its text is {@code 1.<tag>.<E>.<D>.<step>.<attempt>.<delivery>.<state>}: the turn's tag (so that
 * an id of another turn is refused), the offsets of the last session event and the last delta of
 * the turn the stream has passed in the session's partition, the current agent step attempt, the
 * run of it whose output is shown (the delivery of its assignment, 0 before its first delta) and
 * its state.
 *
 * <pre>{@code
 * TurnCursor cursor = TurnCursor.parse(lastEventId, "s-1", "t-1");
 * cursor.eventsOffset();
 * }</pre>
 *
 * @param tag the turn's tag ({@link #tagOf})
 * @param eventsOffset the offset of the last session event of the turn passed
 * @param deltaOffset the offset of the last delta of the turn passed
 * @param step the current agent step, -1 before the first
 * @param attempt the current attempt of that step, -1 before the first
 * @param delivery the run of that attempt whose deltas are shown, 0 before its first delta
 * @param state whether that attempt still runs, has ended, or the turn has ended
 */
public record TurnCursor(
    String tag,
    long eventsOffset,
    long deltaOffset,
    int step,
    int attempt,
    int delivery,
    AttemptState state)
    implements StreamCursor {

  private static final String VERSION = "1";
  private static final int FIELDS = 8;

  /** Whether the current attempt may still emit deltas. */
  public enum AttemptState {
    /** Running (or none assigned yet): deltas of it are delivered. */
    OPEN("o"),
    /** Completed or failed: deltas of it are dropped. */
    CLOSED("c"),
    /** The turn has ended: nothing follows. */
    ENDED("e");

    private final String symbol;

    AttemptState(String symbol) {
      this.symbol = symbol;
    }

    static AttemptState of(String symbol) {
      for (AttemptState state : values()) {
        if (state.symbol.equals(symbol)) {
          return state;
        }
      }
      throw new IllegalArgumentException("unknown attempt state '" + symbol + "'");
    }
  }

  /** Null checks. */
  public TurnCursor {
    Objects.requireNonNull(tag, "tag");
    Objects.requireNonNull(state, "state");
  }

  /** The cursor before the first event, with the reader starting at the two offsets. */
  static TurnCursor before(String sessionId, String turnId, long eventsFrom, long deltasFrom) {
    return new TurnCursor(
        tagOf(sessionId, turnId), eventsFrom - 1, deltasFrom - 1, -1, -1, 0, AttemptState.OPEN);
  }

  /** This cursor past the session event at {@code offset}. */
  TurnCursor withEvent(long offset) {
    return new TurnCursor(tag, offset, deltaOffset, step, attempt, delivery, state);
  }

  /** This cursor past the delta at {@code offset}. */
  TurnCursor withDelta(long offset) {
    return new TurnCursor(tag, eventsOffset, offset, step, attempt, delivery, state);
  }

  /** This cursor at the start of attempt {@code attempt} of {@code step}. */
  TurnCursor withAttempt(int step, int attempt) {
    return new TurnCursor(tag, eventsOffset, deltaOffset, step, attempt, 0, AttemptState.OPEN);
  }

  /** This cursor showing the run of delivery {@code delivery}. */
  TurnCursor withDelivery(int delivery) {
    return new TurnCursor(tag, eventsOffset, deltaOffset, step, attempt, delivery, state);
  }

  /** This cursor in state {@code state}. */
  TurnCursor withState(AttemptState state) {
    return new TurnCursor(tag, eventsOffset, deltaOffset, step, attempt, delivery, state);
  }

  /** The cursor before the first event, with the reader starting at {@code from}. */
  static TurnCursor before(String sessionId, String turnId, TurnStreams.Offsets from) {
    return before(sessionId, turnId, from.events(), from.deltas());
  }

  /** Whether this is the cursor of the turn's terminal event. */
  @Override
  public boolean ended() {
    return state == AttemptState.ENDED;
  }

  @Override
  public String format() {
    return String.join(
        ".",
        VERSION,
        tag,
        Long.toString(eventsOffset),
        Long.toString(deltaOffset),
        Integer.toString(step),
        Integer.toString(attempt),
        Integer.toString(delivery),
        state.symbol);
  }

  /**
   * Reads an id of the stream of {@code turnId} in {@code sessionId}.
   *
   * @throws IllegalArgumentException if it is not an id of this API, or is one of another turn
   */
  public static TurnCursor parse(String text, String sessionId, String turnId) {
    String kind = "a turn stream";
    String[] fields =
        CursorText.fields(
            text, VERSION, FIELDS, tagOf(sessionId, turnId), kind, "another turn than " + turnId);
    return CursorText.read(
        text,
        kind,
        () -> {
          TurnCursor cursor =
              new TurnCursor(
                  fields[1],
                  Long.parseLong(fields[2]),
                  Long.parseLong(fields[3]),
                  Integer.parseInt(fields[4]),
                  Integer.parseInt(fields[5]),
                  Integer.parseInt(fields[6]),
                  AttemptState.of(fields[7]));
          if (cursor.eventsOffset < -1
              || cursor.deltaOffset < -1
              || cursor.step < -1
              || cursor.attempt < -1
              || cursor.delivery < 0) {
            throw new IllegalArgumentException("negative position");
          }
          return cursor;
        });
  }

  /** 8 hex digits of a SHA-256 of the session and turn id. */
  static String tagOf(String sessionId, String turnId) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] digest = sha.digest((sessionId + '\u0000' + turnId).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
