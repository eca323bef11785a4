package dev.baton.coordinator.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.coordinator.session.SessionCommand.ClearHistory;
import dev.baton.coordinator.session.SessionCommand.CompleteStep;
import dev.baton.coordinator.session.SessionCommand.FailStep;
import dev.baton.coordinator.session.SessionCommand.SubmitTurn;
import dev.baton.coordinator.session.SessionEvent.MessageAppended;
import dev.baton.coordinator.session.SessionEvent.StepAssigned;
import dev.baton.coordinator.session.SessionEvent.StepCompleted;
import dev.baton.coordinator.session.SessionEvent.StepFailed;
import dev.baton.coordinator.session.SessionEvent.TurnAccepted;
import dev.baton.coordinator.session.SessionEvent.TurnCompleted;
import dev.baton.coordinator.session.SessionEvent.TurnFailed;
import dev.baton.coordinator.session.SessionEvent.TurnStarted;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Given/when/expect for the session model: {@code given(events).when(command).expect(events)}. Also
 * the shorthands that tests use to write commands and events.
 */
final class SessionFixture {

  static final String SESSION = "s-1";
  static final Instant NOW = Instant.parse("2025-01-01T12:00:00Z");
  static final String WORKER = "w-1";

  /**
   * The number the fencing tokens of the session's life count up from: it begins at {@link #NOW},
   * so its first token is {@code TOKENS + 1}. {@link #attempt} and {@link #failed} take tokens
   * counted from it.
   */
  static final long TOKENS = SessionEpoch.firstNumber(NOW);

  /** The failure {@link #fail} reports. */
  static final Failure BOOM = Failure.reported("HANDLER_EXCEPTION", "boom", Optional.empty());

  /** The terms of work of a turn that started at {@link #NOW} with the default deadline. */
  static final WorkTerms TERMS =
      new WorkTerms(
          SessionLimits.DEFAULT_LEASE, Optional.of(NOW.plus(SessionLimits.DEFAULT_TURN_DEADLINE)));

  /** How many dispatch tokens a tool batch reserves for each call under the default limits. */
  static final int TOKENS_PER_CALL = SessionLimits.DEFAULT_MAX_STEP_ATTEMPTS + 1;

  private final SessionModel model;
  private SessionState state = SessionState.empty(SESSION);

  private SessionFixture(SessionLimits limits) {
    this(new SessionModel(limits));
  }

  private SessionFixture(SessionModel model) {
    this.model = model;
  }

  static SessionFixture fixture() {
    return new SessionFixture(SessionLimits.defaults());
  }

  static SessionFixture fixture(SessionLimits limits) {
    return new SessionFixture(limits);
  }

  /** A session whose model holds the tool calls that need approval by {@code approvals}. */
  static SessionFixture fixture(ApprovalPolicy approvals) {
    return new SessionFixture(
        new SessionModel(SessionLimits.defaults(), OperationClassifier.defaults(), approvals));
  }

  /** The state now. */
  SessionState state() {
    return state;
  }

  /** Applies past events. */
  SessionFixture given(SessionEvent... events) {
    state = model.applyAll(state, List.of(events));
    return this;
  }

  /** Decides and applies past commands. */
  SessionFixture givenCommands(SessionCommand... commands) {
    for (SessionCommand command : commands) {
      state = model.decide(state, command, NOW).state();
    }
    return this;
  }

  /** Decides and applies past commands at {@code at}. */
  SessionFixture givenCommandsAt(Instant at, SessionCommand... commands) {
    for (SessionCommand command : commands) {
      state = model.decide(state, command, at).state();
    }
    return this;
  }

  Then when(SessionCommand command) {
    return when(command, NOW);
  }

  /** Decides {@code command} at {@code at}. */
  Then when(SessionCommand command, Instant at) {
    SessionState before = state;
    Decision decision = model.decide(before, command, at);
    assertThat(decision.state())
        .as("the decision's state is the state before with its events applied")
        .isEqualTo(model.applyAll(before, decision.events()));
    return new Then(before, decision.events(), decision.state());
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

    /** Checks the decision's events with {@code check}. */
    Then expectEvents(Consumer<List<SessionEvent>> check) {
      check.accept(events);
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
    return new CompleteStep(SESSION, assignment, answer, usage(), WORKER);
  }

  static FailStep fail(StepAttempt assignment, boolean retryable) {
    return new FailStep(SESSION, assignment, BOOM, retryable, usage(), WORKER);
  }

  /** Step {@code step}'s attempt with the session's {@code nth} fencing token (from 1). */
  static StepAttempt attempt(String turnId, int step, int attempt, long nth) {
    return new StepAttempt(turnId, step, attempt, TOKENS + nth);
  }

  /** The token of dispatch {@code dispatch} (from 1) of call {@code index} of {@code batch}. */
  static long dispatchToken(StepAttempt batch, int index, int dispatch) {
    return batch.fencingToken() + (long) index * TOKENS_PER_CALL + dispatch - 1;
  }

  /** The token of the assignment after a batch of {@code calls} calls under {@code batch}. */
  static long tokenAfter(StepAttempt batch, int calls) {
    return batch.fencingToken() + (long) calls * TOKENS_PER_CALL;
  }

  /** {@link #tokenAfter} as the session's nth token, for {@link #attempt}. */
  static long nthAfter(StepAttempt batch, int calls) {
    return tokenAfter(batch, calls) - TOKENS;
  }

  static Usage usage() {
    return new Usage(10, 5);
  }

  // Events.

  static TurnStarted started(String turnId, String input) {
    return new TurnStarted(
        SESSION,
        turnId,
        Optional.of(NOW.plus(SessionLimits.DEFAULT_TURN_DEADLINE)),
        InputDigest.of(input),
        NOW);
  }

  static MessageAppended userMessage(long seq, String input, String turnId) {
    return message(seq, Message.Role.USER, input, turnId);
  }

  static MessageAppended assistantMessage(long seq, String answer, String turnId) {
    return message(seq, Message.Role.ASSISTANT, answer, turnId);
  }

  /**
   * A step whose context is {@code [fromSeq, toSeq)}: for step 1 the turn's user message is the
   * range's last message, for later steps its first (use the four-argument form otherwise).
   */
  static StepAssigned assigned(StepAttempt assignment, long fromSeq, long toSeq) {
    return assigned(assignment, fromSeq, toSeq, assignment.step() == 1 ? toSeq - 1 : fromSeq);
  }

  static StepAssigned assigned(StepAttempt assignment, long fromSeq, long toSeq, long inputSeq) {
    return new StepAssigned(
        SESSION, assignment, new HistoryRange(fromSeq, toSeq), inputSeq, TERMS, NOW);
  }

  static StepCompleted stepCompleted(StepAttempt assignment, int toolCalls) {
    return new StepCompleted(SESSION, assignment, WORKER, toolCalls, usage(), NOW);
  }

  static StepFailed stepFailed(StepAttempt assignment, boolean retryable, boolean willRetry) {
    return new StepFailed(
        SESSION, assignment, BOOM, retryable, willRetry, Optional.of(WORKER), usage(), NOW);
  }

  static TurnCompleted completed(
      String turnId, String answer, long answerSeq, int steps, Usage usage) {
    return new TurnCompleted(SESSION, turnId, answer, answerSeq, steps, usage, NOW);
  }

  /** A failed turn whose last token is the session's {@code nth} (from 1). */
  static TurnFailed failed(String turnId, Failure failure, int steps, Usage usage, long nth) {
    return new TurnFailed(SESSION, turnId, failure, steps, usage, TOKENS + nth, NOW);
  }

  static TurnAccepted accepted(String turnId, String input, OnBusy onBusy) {
    return new TurnAccepted(SESSION, turnId, input, onBusy, Optional.empty(), Map.of(), NOW);
  }

  /** The three events of a turn that starts with {@code input} at {@code seq} and {@code token}. */
  static SessionEvent[] running(String turnId, String input, long seq, long token) {
    return new SessionEvent[] {
      started(turnId, input),
      userMessage(seq, input, turnId),
      assigned(attempt(turnId, 1, 1, token), SessionState.FIRST_SEQ, seq + 1)
    };
  }

  private static MessageAppended message(long seq, Message.Role role, String text, String turnId) {
    return new MessageAppended(SESSION, new Message(seq, role, text, turnId), NOW);
  }
}
