package dev.baton.coordinator.session;

import java.util.List;
import java.util.Objects;

/**
 * What {@link SessionModel#decide} answers: the events a command causes, in order, and the state
 * they lead to (the state before, with every event applied).
 *
 * @param events the events; empty only for a {@link SessionCommand.CheckTimers} that found nothing
 *     due
 * @param state the session's state after the events
 */
public record Decision(List<SessionEvent> events, SessionState state) {

  /** Null checks and a defensive copy. */
  public Decision {
    events = List.copyOf(events);
    Objects.requireNonNull(state, "state");
  }
}
