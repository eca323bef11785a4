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
   * An event about a record that no session of this task may number, keyed {@link
   * CoordinatorTopology#INVALID_SESSION_KEY}. Its id is a name-based UUID of the record's
   * coordinates (topic, partition, offset) and its {@code eventSeq} packs the same coordinates
   * ({@link #outsideSessionSeq}), so both are as deterministic as a session's events and no two
   * input records share either; these events form no gap-free sequence.
   *
   * @param source which input topic the record came from, 0 or 1
   */
  static SessionEvent outsideSession(InputRecord input, int source, Object body) {
    byte[] name = ("baton-rejected/" + input.coordinates()).getBytes(StandardCharsets.UTF_8);
    return new SessionEvent(
        UUID.nameUUIDFromBytes(name).toString(),
        outsideSessionSeq(source, input.partition(), input.offset()),
        CoordinatorTopology.INVALID_SESSION_KEY,
        null,
        input.timestamp(),
        input.coordinates(),
        body);
  }

  /**
   * The partition in bits 47 to 62, the source topic in bit 46, the offset in bits 0 to 45: one
   * value per input record for partitions below 65,536 and offsets below 2^46 (about 7 * 10^13),
   * and never negative. Beyond those bounds the bits of each field that do not fit are dropped.
   */
  static long outsideSessionSeq(int source, int partition, long offset) {
    long partitionBits = (partition & 0xFFFFL) << 47;
    long sourceBits = (source & 1L) << 46;
    return partitionBits | sourceBits | (offset & ((1L << 46) - 1));
  }
}
