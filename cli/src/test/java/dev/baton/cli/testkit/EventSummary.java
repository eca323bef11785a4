package dev.baton.cli.testkit;

import dev.baton.schemas.avro.MessageAppended;
import dev.baton.schemas.avro.SessionEvent;
import dev.baton.schemas.avro.StepAssigned;
import dev.baton.schemas.avro.StepAttemptFailed;
import dev.baton.schemas.avro.StepCompleted;
import dev.baton.schemas.avro.TurnCompleted;
import java.util.Objects;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;

/**
 * The part of one session event that the tests check, whether read through the HTTP API ({@code
 * /events}) or from the session-events topic.
 *
 * @param eventSeq the event's position in its session
 * @param type the name of the body's Avro record, such as {@code TurnStarted}
 * @param turnId the turn it is about; null for session-wide events
 * @param seq the history seq the event names: {@code MessageAppended.seq} or {@code
 *     TurnCompleted.answerSeq}; null for other events
 * @param attempt the step attempt of a {@code StepAssigned}, {@code StepCompleted} or {@code
 *     StepAttemptFailed}, from 0; null for other events or when unknown
 */
public record EventSummary(long eventSeq, String type, String turnId, Long seq, Integer attempt) {

  /** The types of the events that end a turn. */
  public static final Set<String> TURN_ENDS =
      Set.of("TurnCompleted", "TurnFailed", "TurnCancelled", "TurnTimedOut");

  public EventSummary {
    Objects.requireNonNull(type, "type");
  }

  /** A summary without an attempt. */
  public EventSummary(long eventSeq, String type, String turnId, Long seq) {
    this(eventSeq, type, turnId, seq, null);
  }

  /** The summary of a session-events topic record. */
  public static EventSummary of(SessionEvent event) {
    Object body = event.getBody();
    Long seq =
        switch (body) {
          case MessageAppended appended -> appended.getSeq();
          case TurnCompleted completed -> completed.getAnswerSeq();
          default -> null;
        };
    Integer attempt =
        switch (body) {
          case StepAssigned assigned -> assigned.getAttempt();
          case StepCompleted completed -> completed.getAttempt();
          case StepAttemptFailed failed -> failed.getAttempt();
          default -> null;
        };
    return new EventSummary(
        event.getEventSeq(),
        ((SpecificRecord) body).getSchema().getName(),
        event.getTurnId(),
        seq,
        attempt);
  }

  /** Whether this event ends its turn. */
  public boolean endsTurn() {
    return TURN_ENDS.contains(type);
  }

  /** Whether this event is of {@code type}. */
  public boolean is(String type) {
    return this.type.equals(type);
  }
}
