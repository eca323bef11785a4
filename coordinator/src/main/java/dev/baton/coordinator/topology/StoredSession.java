package dev.baton.coordinator.topology;

import dev.baton.coordinator.session.SessionEpoch;
import dev.baton.coordinator.session.SessionState;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The value of the {@link CoordinatorStores#SESSIONS} store: a session's state, the sequence number
 * of its next event on the session-events topic, and the instant under which the session is in the
 * {@link CoordinatorStores#TIMERS} store, which is an index of these instants, filled again from
 * this store when a task starts.
 *
 * <p>The timer is the instant that was stored, not one computed again from the state: the limits
 * that compute it (the idle time to live) may have changed since, and the stored entry must be
 * found to be moved or deleted.
 *
 * <p>Its changelog holds a compact binary encoding that only the coordinator reads: a format
 * version byte (9; versions 1 to 8 are still read, see {@code StoredSessionSerde}), then the fields
 * of this record and of {@link SessionState} in declaration order; longs and ints big-endian,
 * strings as a 4-byte length and UTF-8, input digests as their 32 bytes, optionals as a presence
 * byte, lists as a 4-byte count, instants as epoch seconds and nanos, enums by name. A new format
 * gets a new version byte and readers keep reading the old ones.
 *
 * <p>The stored record holds no payload bodies: the inputs of queued turns and the results a
 * running tool batch has received are empty in it, their texts in the {@link
 * CoordinatorStores#PAYLOADS} store (a record written before they moved out still holds them, and
 * is read as it is). Nor, once the session remembers more finished turns than a page holds ({@link
 * TurnPages#paged}), does it hold those: its list of them is empty, the turns in pages of the
 * {@link CoordinatorStores#TURNS} store, which a read of the session puts back. *
 *
 * <p>{@code StoredSession stored = sessions.get("s-1"); stored.state().statusOf("t-1");}
 *
 * @param state the session's state
 * @param nextEventSeq the {@code eventSeq} the session's next event gets; 0 before its first event
 *     (see {@link #nextEventSeqAt})
 * @param timer the due instant of the session's entry in the timers store; empty if it has none
 */
public record StoredSession(SessionState state, long nextEventSeq, Optional<Instant> timer) {

  /** Null and range checks. */
  public StoredSession {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(timer, "timer");
    if (nextEventSeq < 0) {
      throw new IllegalArgumentException("nextEventSeq must be at least 0, got " + nextEventSeq);
    }
  }

  /** A session with no entry in the timers store. */
  public StoredSession(SessionState state, long nextEventSeq) {
    this(state, nextEventSeq, Optional.empty());
  }

  /** A session that has seen nothing yet. */
  public static StoredSession empty(String sessionId) {
    return new StoredSession(SessionState.empty(sessionId), 0);
  }

  /**
   * The {@code eventSeq} of the session's next event, written at {@code now}: the stored one, or
   * for a session without events (one that has not begun, or whose previous life expired) {@link
   * SessionEpoch#firstNumber} of {@code now}, the start of its life. So no {@code eventSeq}, and no
   * event id, repeats for a session id, across expiry and reuse.
   */
  public long nextEventSeqAt(Instant now) {
    return nextEventSeq > 0 ? nextEventSeq : SessionEpoch.firstNumber(now);
  }

  /** This session with {@code nextEventSeq}, its state and timer unchanged. */
  public StoredSession withNextEventSeq(long nextEventSeq) {
    return new StoredSession(state, nextEventSeq, timer);
  }

  /** The session's id. */
  public String sessionId() {
    return state.sessionId();
  }
}
