package dev.baton.coordinator.stream;

import java.util.Map;
import java.util.Objects;

/**
 * One event of a turn's stream, as a server-sent event: its id (the {@link StreamCursor} after it),
 * its type ({@code delta}, {@code step.started}, {@code turn.ended}, ...) and its data as plain
 * JSON values.
 *
 * @param cursor the stream's position after this event; its text is the event's id
 * @param type the event's type
 * @param data the event's fields: strings, numbers, booleans, nulls and maps of them
 */
public record TurnStreamEvent(StreamCursor cursor, String type, Map<String, Object> data) {

  /** The type of the terminal event. */
  public static final String TURN_ENDED = "turn.ended";

  /** Null checks. */
  public TurnStreamEvent {
    Objects.requireNonNull(cursor, "cursor");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(data, "data");
  }

  /** Whether this is the turn's last event. */
  public boolean terminal() {
    return cursor.ended();
  }
}
