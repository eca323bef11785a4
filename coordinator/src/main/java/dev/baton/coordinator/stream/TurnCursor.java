package dev.baton.coordinator.stream;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Where a turn's stream is: the id of each event it sends, from which it resumes on any instance.
 * Its text is {@code 1.<tag>.<E>.<D>.<step>.<attempt>.<delivery>.<state>[.<join>]}: the turn's tag
 * (so that an id of another turn is refused), the offsets of the last session event and the last
 * delta of the turn the stream has passed in the session's partition, the current agent step
 * attempt, the run of it whose output is shown (the delivery of its assignment, 0 before its first
 * delta) and its state; for an input that joined another turn, the {@link Join}: its state's symbol
 * followed by the joined turn's id in unpadded base64url.
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
 * @param join the turn the input joined ({@code onBusy} steer or merge) while its stream follows
 *     that turn, or null
 */
public record TurnCursor(
    String tag,
    long eventsOffset,
    long deltaOffset,
    int step,
    int attempt,
    int delivery,
    AttemptState state,
    Join join)
    implements StreamCursor {

  private static final String VERSION = "1";
  private static final int FIELDS = 8;
  private static final int OPTIONAL_FIELDS = 1;

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
      return CursorText.bySymbol(values(), state -> state.symbol, symbol, "attempt state");
    }
  }

  /**
   * The turn an input joined ({@code TurnSteered} or {@code TurnMerged}), whose terminal event ends
   * the input's stream unless the input runs as a turn of its own.
   *
   * @param turnId the joined turn
   * @param state what the input's fate hangs on
   */
  public record Join(String turnId, JoinState state) {
    /** Null checks. */
    public Join {
      Objects.requireNonNull(turnId, "turnId");
      Objects.requireNonNull(state, "state");
    }

    /** This join in state {@code state}. */
    Join in(JoinState state) {
      return new Join(turnId, state);
    }

    private String format() {
      byte[] id = turnId.getBytes(StandardCharsets.UTF_8);
      return state.symbol + Base64.getUrlEncoder().withoutPadding().encodeToString(id);
    }

    private static Join parse(String field) {
      if (field.isEmpty()) {
        throw new IllegalArgumentException("empty join");
      }
      byte[] id = Base64.getUrlDecoder().decode(field.substring(1));
      return new Join(new String(id, StandardCharsets.UTF_8), JoinState.of(field.substring(0, 1)));
    }
  }

  /** Where an input that joined another turn stands. */
  public enum JoinState {
    /**
     * The joined turn is queued ({@code onBusy} merge): if it ends before it starts, the input ends
     * with it; once it starts, the input waits for its next step.
     */
    QUEUED("q"),
    /**
     * The joined turn runs and the input waits for its next agent step: if the turn ends first, the
     * input runs as a turn of its own, and its stream goes on with that turn.
     */
    WAITING("w"),
    /** A step of the joined turn carries the input: the turn's end is the input's. */
    DELIVERED("d");

    private final String symbol;

    JoinState(String symbol) {
      this.symbol = symbol;
    }

    static JoinState of(String symbol) {
      return CursorText.bySymbol(values(), state -> state.symbol, symbol, "join state");
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
        tagOf(sessionId, turnId),
        eventsFrom - 1,
        deltasFrom - 1,
        -1,
        -1,
        0,
        AttemptState.OPEN,
        null);
  }

  /** This cursor past the session event at {@code offset}. */
  TurnCursor withEvent(long offset) {
    return new TurnCursor(tag, offset, deltaOffset, step, attempt, delivery, state, join);
  }

  /** This cursor past the delta at {@code offset}. */
  TurnCursor withDelta(long offset) {
    return new TurnCursor(tag, eventsOffset, offset, step, attempt, delivery, state, join);
  }

  /** This cursor at the start of attempt {@code attempt} of {@code step}. */
  TurnCursor withAttempt(int step, int attempt) {
    return new TurnCursor(
        tag, eventsOffset, deltaOffset, step, attempt, 0, AttemptState.OPEN, join);
  }

  /** This cursor showing the run of delivery {@code delivery}. */
  TurnCursor withDelivery(int delivery) {
    return new TurnCursor(tag, eventsOffset, deltaOffset, step, attempt, delivery, state, join);
  }

  /** This cursor in state {@code state}. */
  TurnCursor withState(AttemptState state) {
    return new TurnCursor(tag, eventsOffset, deltaOffset, step, attempt, delivery, state, join);
  }

  /** This cursor following the turn the input joined, or its own turn if {@code join} is null. */
  TurnCursor withJoin(Join join) {
    return new TurnCursor(tag, eventsOffset, deltaOffset, step, attempt, delivery, state, join);
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
    String text =
        String.join(
            ".",
            VERSION,
            tag,
            Long.toString(eventsOffset),
            Long.toString(deltaOffset),
            Integer.toString(step),
            Integer.toString(attempt),
            Integer.toString(delivery),
            state.symbol);
    return join == null ? text : text + "." + join.format();
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
            text,
            VERSION,
            FIELDS,
            OPTIONAL_FIELDS,
            tagOf(sessionId, turnId),
            kind,
            "another turn than " + turnId);
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
                  AttemptState.of(fields[7]),
                  fields.length > FIELDS ? Join.parse(fields[FIELDS]) : null);
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
