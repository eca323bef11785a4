package dev.baton.coordinator.stream;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Where a new subscription starts: at a turn's first event (found from its time), at the session's
 * live end (a feed), or after an event id a client already got.
 */
public sealed interface StreamStart {

  /** From the turn's start; {@code firstEventAt} is when its first event was decided. */
  static StreamStart at(Instant firstEventAt) {
    return new FromTime(firstEventAt);
  }

  /** After the event whose id is {@code cursor}. */
  static StreamStart after(StreamCursor cursor) {
    return new After(cursor);
  }

  /**
   * A session's feed from now, or from the start of its oldest turn still active: {@code now} is
   * asked after the reader took the partitions' ends, so that no turn accepted after it answered
   * can precede them.
   */
  static StreamStart live(Supplier<SessionNow> now) {
    return new Live(now);
  }

  /**
   * What a feed needs to know of its session when it starts.
   *
   * @param activeTurnId the session's oldest active (running or queued) turn, if it has one whose
   *     first event is kept
   * @param activeTurnSince when that turn's first event was decided
   * @param lastFencingToken the session's latest fencing token: deltas up to it are not shown
   * @param endedTurnIds the turns the session remembers as ended: a feed shows none of their events
   *     (the last ones may still be committing when it starts)
   */
  record SessionNow(
      String activeTurnId,
      Instant activeTurnSince,
      long lastFencingToken,
      Set<String> endedTurnIds) {

    /** An idle session whose latest fencing token is {@code lastFencingToken}. */
    public static SessionNow idle(long lastFencingToken, Set<String> endedTurnIds) {
      return new SessionNow(null, null, lastFencingToken, endedTurnIds);
    }

    /** Both or neither of the active turn's id and time; a copy of the ended turns. */
    public SessionNow {
      if ((activeTurnId == null) != (activeTurnSince == null)) {
        throw new IllegalArgumentException("an active turn needs its id and its start");
      }
      endedTurnIds = Set.copyOf(endedTurnIds);
    }

    /** Whether the session has an active turn to start from. */
    boolean hasActiveTurn() {
      return activeTurnId != null;
    }
  }

  /**
   * From the turn's start.
   *
   * @param firstEventAt when the turn's first event was decided
   */
  record FromTime(Instant firstEventAt) implements StreamStart {
    /** Null check. */
    public FromTime {
      Objects.requireNonNull(firstEventAt, "firstEventAt");
    }
  }

  /**
   * After an event a client got.
   *
   * @param cursor that event's id
   */
  record After(StreamCursor cursor) implements StreamStart {
    /** Null check. */
    public After {
      Objects.requireNonNull(cursor, "cursor");
    }
  }

  /**
   * A session's feed from its live end.
   *
   * @param now what the session is doing, asked once the reader has the partitions' ends
   */
  record Live(Supplier<SessionNow> now) implements StreamStart {
    /** Null check. */
    public Live {
      Objects.requireNonNull(now, "now");
    }
  }
}
