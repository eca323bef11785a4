package dev.baton.coordinator.stream;

import java.time.Instant;
import java.util.Objects;

/**
 * Where a new subscription starts: at a turn's first event (found from its time), or after an event
 * id a client already got.
 */
public sealed interface StreamStart {

  /** From the turn's start; {@code firstEventAt} is when its first event was decided. */
  static StreamStart at(Instant firstEventAt) {
    return new FromTime(firstEventAt);
  }

  /** After the event whose id is {@code cursor}. */
  static StreamStart after(TurnCursor cursor) {
    return new After(cursor);
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
  record After(TurnCursor cursor) implements StreamStart {
    /** Null check. */
    public After {
      Objects.requireNonNull(cursor, "cursor");
    }
  }
}
