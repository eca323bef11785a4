package dev.baton.coordinator.topology;

import dev.baton.coordinator.session.SessionState;
import java.util.Objects;

/**
 * The value of the {@link CoordinatorStores#SESSIONS} store: a session's state and the sequence
 * number of its next event on the session-events topic.
 *
 * <p>Its changelog holds a compact binary encoding that only the coordinator reads: a format
 * version byte (4; versions 1 to 3 are still read), then the fields of this record and of {@link
 * SessionState} in declaration order; longs and ints big-endian, strings as a 4-byte length and
 * UTF-8, optionals as a presence byte, lists as a 4-byte count, instants as epoch seconds and
 * nanos, enums by name. A new format gets a new version byte and readers keep reading the old ones.
 *
 * <p>{@code StoredSession stored = sessions.get("s-1"); stored.state().statusOf("t-1");}
 *
 * @param state the session's state
 * @param nextEventSeq the {@code eventSeq} the session's next event gets, from 0
 */
public record StoredSession(SessionState state, long nextEventSeq) {

  /** Null and range checks. */
  public StoredSession {
    Objects.requireNonNull(state, "state");
    if (nextEventSeq < 0) {
      throw new IllegalArgumentException("nextEventSeq must be at least 0, got " + nextEventSeq);
    }
  }

  /** A session that has seen nothing yet. */
  public static StoredSession empty(String sessionId) {
    return new StoredSession(SessionState.empty(sessionId), 0);
  }

  /** The session's id. */
  public String sessionId() {
    return state.sessionId();
  }
}
