package dev.baton.coordinator.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.coordinator.session.SessionCommand.ClearHistory;
import dev.baton.coordinator.session.SessionCommand.CompleteStep;
import dev.baton.coordinator.session.SessionCommand.FailStep;
import dev.baton.coordinator.session.SessionCommand.SubmitTurn;
import dev.baton.coordinator.session.SessionEvent.MessageAppended;
import dev.baton.coordinator.session.SessionEvent.StepAssigned;
import dev.baton.coordinator.session.SessionEvent.TurnStarted;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Given/when/expect for the session model: {@code given(events).when(command).expect(events)}. Also
 * the shorthands that tests use to write commands and events.
 */
final class SessionFixture {

  static final String SESSION = "s-1";
  static final Instant NOW = Instant.parse("2025-01-01T12:00:00Z");

  private final SessionModel model;
  private SessionState state = SessionState.empty(SESSION);

  private SessionFixture(SessionLimits limits) {
    this.model = new SessionModel(limits);
  }

  static SessionFixture fixture() {
    return new SessionFixture(SessionLimits.defaults());
  }

  static SessionFixture fixture(SessionLimits limits) {
    return new SessionFixture(limits);
  }

  /** Applies past events. */
  SessionFixture given(SessionEvent... events) {
    state = model.applyAll(state, List.of(events));
    return this;
  }

  /** Decides and applies past commands. */
  SessionFixture givenCommands(SessionCommand... commands) {
    for (SessionCommand command : commands) {
      state = model.applyAll(state, model.decide(state, command, NOW));
    }
    return this;
  }

  /** Decides and applies past commands at {@code at}. */
  SessionFixture givenCommandsAt(Instant at, SessionCommand... commands) {
    for (SessionCommand command : commands) {
      state = model.applyAll(state, model.decide(state, command, at));
    }
    return this;
  }

  Then when(SessionCommand command) {
    return when(command, NOW);
  }

  /** Decides {@code command} at {@code at}. */
  Then when(SessionCommand command, Instant at) {
    SessionState before = state;
    List<SessionEvent> events = model.decide(before, command, at);
    return new Then(before, events, model.applyAll(before, events));
  }

  record Then(SessionState before, List<SessionEvent> events, SessionState after) {

    Then expect(SessionEvent... expected) {
      assertThat(events).containsExactly(expected);
      return this;
    }

    Then expectState(Consumer<SessionState> check) {
      check.accept(after);
      return this;
    }

    /** Checks the events' types, in order. */
    Then expectTypes(Class<?>... types) {
      assertThat(events).map(Object::getClass).containsExactly(types);
      return this;
    }

    /** The event at {@code index}, cast to {@code type}. */
    <E extends SessionEvent> E event(int index, Class<E> type) {
      return type.cast(events.get(index));
    }

    Then expectNoStateChange() {
      assertThat(after).isEqualTo(before);
      return this;
    }
  }

  // Commands.

  static SubmitTurn submit(String turnId, String input) {
    return new SubmitTurn(SESSION, turnId, input, OnBusy.REJECT);
  }

  static SubmitTurn enqueue(String turnId, String input) {
    return new SubmitTurn(SESSION, turnId, input, OnBusy.ENQUEUE);
  }

  static ClearHistory clearHistory() {
    return new ClearHistory(SESSION);
  }

  static CompleteStep answer(StepAttempt assignment, String answer) {
    return new CompleteStep(SESSION, assignment, answer, usage());
  }

  static FailStep fail(StepAttempt assignment, boolean retryable) {
    return new FailStep(SESSION, assignment, "boom", retryable, usage());
  }

  static StepAttempt attempt(String turnId, int step, int attempt, long fencingToken) {
    return new StepAttempt(turnId, step, attempt, fencingToken);
  }

  static Usage usage() {
    return new Usage(10, 5);
  }

  // Events.

  static TurnStarted started(String turnId) {
    return new TurnStarted(
        SESSION, turnId, Optional.of(NOW.plus(SessionLimits.DEFAULT_TURN_DEADLINE)), NOW);
  }

  static MessageAppended userMessage(long seq, String input, String turnId) {
    return message(seq, Message.Role.USER, input, turnId);
  }

  static MessageAppended assistantMessage(long seq, String answer, String turnId) {
    return message(seq, Message.Role.ASSISTANT, answer, turnId);
  }

  static StepAssigned assigned(StepAttempt assignment, long fromSeq, long toSeq) {
    return new StepAssigned(SESSION, assignment, new HistoryRange(fromSeq, toSeq), NOW);
  }

  /** The three events of a turn that starts with {@code input} at {@code seq} and {@code token}. */
  static SessionEvent[] running(String turnId, String input, long seq, long token) {
    return new SessionEvent[] {
      started(turnId),
      userMessage(seq, input, turnId),
      assigned(attempt(turnId, 1, 1, token), SessionState.FIRST_SEQ, seq + 1)
    };
  }

  private static MessageAppended message(long seq, Message.Role role, String text, String turnId) {
    return new MessageAppended(SESSION, new Message(seq, role, text, turnId), NOW);
  }
}
