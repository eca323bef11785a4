package dev.baton.coordinator.acceptance;

import dev.baton.schemas.avro.MessageAppended;
import dev.baton.schemas.avro.SessionEvent;
import dev.baton.schemas.avro.TurnCompleted;
import java.util.Objects;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;

/**
 * The part of one session event that the acceptance tests check, whether read through the HTTP API
 * ({@code /events}) or from the session-events topic.
 *
 * @param eventSeq the event's position in its session
 * @param type the name of the body's Avro record, such as {@code TurnStarted}
 * @param turnId the turn it is about; null for session-wide events
 * @param seq the history seq the event names: {@code MessageAppended.seq} or {@code
 *     TurnCompleted.answerSeq}; null for other events
 */
public record EventSummary(long eventSeq, String type, String turnId, Long seq) {

  /** The types of the events that end a turn. */
  public static final Set<String> TURN_ENDS =
      Set.of("TurnCompleted", "TurnFailed", "TurnCancelled", "TurnTimedOut");

  public EventSummary {
    Objects.requireNonNull(type, "type");
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
    return new EventSummary(
        event.getEventSeq(), ((SpecificRecord) body).getSchema().getName(), event.getTurnId(), seq);
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
