package dev.baton.coordinator.session;

import dev.baton.coordinator.session.SessionEvent.MessageAppended;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A decision being made: the events emitted so far and the state they lead to. Each emitted event
 * is applied at once, so the next rule of the decision sees its effect.
 */
final class DecisionDraft {

  private final SessionTransitions transitions;
  private final List<SessionEvent> events = new ArrayList<>();
  final Instant now;
  SessionState state;

  DecisionDraft(SessionTransitions transitions, SessionState state, Instant now) {
    this.transitions = transitions;
    this.state = state;
    this.now = now;
  }

  String sessionId() {
    return state.sessionId();
  }

  ActiveTurn activeTurn() {
    return SessionTransitions.activeTurn(state);
  }

  ToolBatch toolBatch() {
    return SessionTransitions.toolBatch(state);
  }

  void emit(SessionEvent event) {
    events.add(event);
    state = transitions.apply(state, event);
  }

  void appendMessage(Message.Role role, String content, String turnId) {
    appendMessage(new Message(state.nextSeq(), role, content, turnId));
  }

  void appendMessage(Message message) {
    emit(new MessageAppended(sessionId(), message, now));
  }

  Decision finish() {
    return new Decision(events, state);
  }
}
