package dev.baton.cli.ops;

import dev.baton.schemas.avro.SessionEvent;
import dev.baton.schemas.avro.TurnCompleted;
import dev.baton.schemas.avro.TurnStarted;
import java.time.Instant;

/** Session events for the format and filter tests. */
final class Events {

  static final Instant AT = Instant.parse("2025-06-01T10:00:03.120Z");

  private Events() {}

  static SessionEvent turnCompleted(String sessionId, long eventSeq) {
    return event(
        sessionId, eventSeq, TurnCompleted.newBuilder().setSteps(1).setAnswerSeq(2L).build());
  }

  static SessionEvent turnStarted(String sessionId, long eventSeq) {
    return event(sessionId, eventSeq, TurnStarted.newBuilder().setDeadline(null).build());
  }

  private static SessionEvent event(String sessionId, long eventSeq, Object body) {
    return SessionEvent.newBuilder()
        .setEventId("e-" + eventSeq)
        .setEventSeq(eventSeq)
        .setSessionId(sessionId)
        .setTurnId("t-1")
        .setOccurredAt(AT)
        .setCausationId(null)
        .setBody(body)
        .build();
  }
}
