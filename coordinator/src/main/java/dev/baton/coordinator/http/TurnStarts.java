package dev.baton.coordinator.http;

import dev.baton.schemas.avro.SessionEvent;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * When a turn's first event was decided, from the session's kept events: searched from the newest
 * back, in pages that double from {@value #FIRST_PAGE} events, so that a recent turn of a long
 * session is found at once and an older one within {@value #SEARCHED} events.
 */
final class TurnStarts {

  /** Events read by the first page. */
  static final int FIRST_PAGE = 64;

  /** How many events back from the newest a turn's start is searched. */
  static final int SEARCHED = 10_000;

  private TurnStarts() {}

  /** The time of the first kept event of {@code turnId}; empty if none is kept that recent. */
  static Optional<Instant> firstEventAt(SessionService sessions, String sessionId, String turnId) {
    long end = sessions.session(sessionId).map(stored -> stored.nextEventSeq()).orElse(0L);
    long stop = Math.max(0, end - SEARCHED);
    Optional<Instant> found = Optional.empty();
    for (int page = FIRST_PAGE; end > stop; page *= 2) {
      long from = Math.max(stop, end - page);
      List<SessionEvent> events = sessions.events(sessionId, from, (int) (end - from));
      Optional<SessionEvent> first =
          events.stream().filter(e -> turnId.equals(e.getTurnId())).findFirst();
      if (first.isEmpty()) {
        if (found.isPresent()) {
          return found; // the page before the turn's first one
        }
      } else {
        found = Optional.of(first.get().getOccurredAt());
        if (first.get() != events.getFirst()) {
          return found; // an event of another turn comes before it
        }
      }
      end = from;
    }
    return found;
  }
}
