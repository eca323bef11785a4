package dev.baton.coordinator.topology.internal;

import dev.baton.coordinator.topology.CoordinatorTopology;
import dev.baton.schemas.EventIds;
import dev.baton.schemas.avro.SessionEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * Wraps event bodies of one decision into {@link SessionEvent}s with the session's next event
 * sequence numbers and their deterministic ids, so re-processing an input yields the same ids.
 */
final class EventLog {

  private final String sessionId;
  private final Instant now;
  private final String causationId;
  private long nextSeq;

  EventLog(String sessionId, long nextSeq, Instant now, String causationId) {
    this.sessionId = sessionId;
    this.nextSeq = nextSeq;
    this.now = now;
    this.causationId = causationId;
  }

  /** The session whose events these are. */
  String sessionId() {
    return sessionId;
  }

  /** The id the next appended event gets. */
  String nextEventId() {
    return EventIds.of(sessionId, nextSeq);
  }

  /** The seq the next appended event gets. */
  long nextSeq() {
    return nextSeq;
  }

  /** The event with {@code body}, next in the session; {@code turnId} may be null. */
  SessionEvent append(String turnId, Object body) {
    SessionEvent event =
        new SessionEvent(nextEventId(), nextSeq, sessionId, turnId, now, causationId, body);
    nextSeq++;
    return event;
  }

  /**
   * An event about a record that belongs to no session, keyed {@link
   * CoordinatorTopology#INVALID_SESSION_KEY}. Its {@code eventSeq} is the record's offset and its
   * id is derived from the record's coordinates, so it is as deterministic as a session's events,
   * but these events form no gap-free sequence.
   */
  static SessionEvent outsideSession(InputRecord input, Object body) {
    byte[] name = ("baton-rejected/" + input.coordinates()).getBytes(StandardCharsets.UTF_8);
    return new SessionEvent(
        UUID.nameUUIDFromBytes(name).toString(),
        input.offset(),
        CoordinatorTopology.INVALID_SESSION_KEY,
        null,
        input.timestamp(),
        input.coordinates(),
        body);
  }
}
