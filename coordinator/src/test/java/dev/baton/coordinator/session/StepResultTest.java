package dev.baton.coordinator.session;

import static dev.baton.coordinator.session.SessionFixture.BOOM;
import static dev.baton.coordinator.session.SessionFixture.NOW;
import static dev.baton.coordinator.session.SessionFixture.SESSION;
import static dev.baton.coordinator.session.SessionFixture.TOKENS;
import static dev.baton.coordinator.session.SessionFixture.WORKER;
import static dev.baton.coordinator.session.SessionFixture.answer;
import static dev.baton.coordinator.session.SessionFixture.assigned;
import static dev.baton.coordinator.session.SessionFixture.assistantMessage;
import static dev.baton.coordinator.session.SessionFixture.attempt;
import static dev.baton.coordinator.session.SessionFixture.completed;
import static dev.baton.coordinator.session.SessionFixture.enqueue;
import static dev.baton.coordinator.session.SessionFixture.fail;
import static dev.baton.coordinator.session.SessionFixture.failed;
import static dev.baton.coordinator.session.SessionFixture.fixture;
import static dev.baton.coordinator.session.SessionFixture.running;
import static dev.baton.coordinator.session.SessionFixture.started;
import static dev.baton.coordinator.session.SessionFixture.stepCompleted;
import static dev.baton.coordinator.session.SessionFixture.stepFailed;
import static dev.baton.coordinator.session.SessionFixture.usage;
import static dev.baton.coordinator.session.SessionFixture.userMessage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.coordinator.session.SessionEvent.StepResultIgnored;
import org.junit.jupiter.api.Test;

class StepResultTest {

  private static final StepAttempt FIRST = attempt("t1", 1, 1, 1);
  private static final StepAttempt RETRY = attempt("t1", 1, 2, 2);

  @Test
  void shouldCompleteTurnWithAssistantAnswer() {
    fixture()
        .given(running("t1", "Hello", 1, 1))
        .when(answer(FIRST, "Hi!"))
        .expect(
            stepCompleted(FIRST, 0),
            assistantMessage(2, "Hi!", "t1"),
            completed("t1", "Hi!", 2, 1, usage()))
        .expectState(
            state -> {
              assertThat(state.isIdle()).isTrue();
              assertThat(state.statusOf("t1")).contains(TurnStatus.COMPLETED);
              assertThat(state.history()).isEqualTo(new HistoryRange(1, 3));
            });
  }

  @Test
  void shouldStartNextQueuedTurnWhenActiveTurnCompletes() {
    fixture()
        .given(running("t1", "Hello", 1, 1))
        .givenCommands(enqueue("t2", "Next"), enqueue("t3", "Later"))
        .when(answer(FIRST, "Hi!"))
        .expect(
            stepCompleted(FIRST, 0),
            assistantMessage(2, "Hi!", "t1"),
            completed("t1", "Hi!", 2, 1, usage()),
            started("t2", "Next"),
            userMessage(3, "Next", "t2"),
            assigned(attempt("t2", 1, 1, 2), 1, 4))
        .expectState(
            state -> {
              assertThat(state.statusOf("t2")).contains(TurnStatus.RUNNING);
              assertThat(state.queue()).extracting(QueuedTurn::turnId).containsExactly("t3");
            });
  }

  @Test
  void shouldRetryRetryableFailureWithNextAttemptAndNewToken() {
    fixture()
        .given(running("t1", "Hello", 1, 1))
        .when(fail(FIRST, true))
        .expect(stepFailed(FIRST, true, true), assigned(RETRY, 1, 2))
        .expectState(state -> assertThat(state.lastFencingToken()).isEqualTo(TOKENS + 2));
  }

  @Test
  void shouldFailTurnWhenAttemptsAreExhausted() {
    fixture(SessionLimits.builder().maxStepAttempts(2).build())
        .given(running("t1", "Hello", 1, 1))
        .givenCommands(fail(FIRST, true))
        .when(fail(RETRY, true))
        .expect(stepFailed(RETRY, true, false), failed("t1", BOOM, 1, usage().plus(usage()), 2))
        .expectState(state -> assertThat(state.statusOf("t1")).contains(TurnStatus.FAILED));
  }

  @Test
  void shouldFailTurnOnNonRetryableFailure() {
    fixture()
        .given(running("t1", "Hello", 1, 1))
        .when(fail(FIRST, false))
        .expect(stepFailed(FIRST, false, false), failed("t1", BOOM, 1, usage(), 1));
  }

  @Test
  void shouldStartNextQueuedTurnWhenActiveTurnFails() {
    fixture()
        .given(running("t1", "Hello", 1, 1))
        .givenCommands(enqueue("t2", "Next"))
        .when(fail(FIRST, false))
        .expect(
            stepFailed(FIRST, false, false),
            failed("t1", BOOM, 1, usage(), 1),
            started("t2", "Next"),
            userMessage(2, "Next", "t2"),
            assigned(attempt("t2", 1, 1, 2), 1, 3));
  }

  @Test
  void shouldCountUsageOfEveryAttemptIntoTheTurn() {
    fixture()
        .given(running("t1", "Hello", 1, 1))
        .givenCommands(fail(FIRST, true))
        .when(answer(RETRY, "Hi!"))
        .expect(
            stepCompleted(RETRY, 0),
            assistantMessage(2, "Hi!", "t1"),
            completed("t1", "Hi!", 2, 1, new Usage(20, 10)));
  }

  @Test
  void shouldIgnoreResultWithStaleFencingToken() {
    fixture()
        .given(running("t1", "Hello", 1, 1))
        .givenCommands(fail(FIRST, true))
        .when(answer(FIRST, "late answer of a zombie"))
        .expect(ignored(FIRST, IgnoreReason.STALE_FENCING_TOKEN))
        .expectNoStateChange();
  }

  @Test
  void shouldIgnoreStaleFailureAndKeepTheCurrentAttempt() {
    fixture()
        .given(running("t1", "Hello", 1, 1))
        .givenCommands(fail(FIRST, true))
        .when(fail(FIRST, false))
        .expect(ignored(FIRST, IgnoreReason.STALE_FENCING_TOKEN))
        .expectState(
            state -> assertThat(state.activeTurn().orElseThrow().assignment()).contains(RETRY));
  }

  @Test
  void shouldIgnoreRedeliveredResultOfCompletedTurn() {
    fixture()
        .given(running("t1", "Hello", 1, 1))
        .givenCommands(answer(FIRST, "Hi!"))
        .when(answer(FIRST, "Hi!"))
        .expect(ignored(FIRST, IgnoreReason.TURN_ENDED))
        .expectNoStateChange();
  }

  @Test
  void shouldIgnoreResultOfEarlierTurnWhileNextTurnRuns() {
    fixture()
        .given(running("t1", "Hello", 1, 1))
        .givenCommands(enqueue("t2", "Next"), answer(FIRST, "Hi!"))
        .when(answer(FIRST, "Hi!"))
        .expect(ignored(FIRST, IgnoreReason.TURN_ENDED))
        .expectNoStateChange();
  }

  @Test
  void shouldIgnoreResultForQueuedTurn() {
    StepAttempt forged = attempt("t2", 1, 1, 1);
    fixture()
        .given(running("t1", "Hello", 1, 1))
        .givenCommands(enqueue("t2", "Next"))
        .when(answer(forged, "Hi!"))
        .expect(ignored(forged, IgnoreReason.UNKNOWN_TURN))
        .expectNoStateChange();
  }

  @Test
  void shouldIgnoreResultWhenSessionIsIdle() {
    fixture()
        .when(answer(FIRST, "Hi!"))
        .expect(ignored(FIRST, IgnoreReason.UNKNOWN_TURN))
        .expectNoStateChange();
  }

  @Test
  void shouldIgnoreResultWithTokenFromTheFuture() {
    StepAttempt future = attempt("t1", 1, 1, 7);
    fixture()
        .given(running("t1", "Hello", 1, 1))
        .when(answer(future, "Hi!"))
        .expect(ignored(future, IgnoreReason.UNKNOWN_ASSIGNMENT))
        .expectNoStateChange();
  }

  @Test
  void shouldIgnoreResultWhoseStepDoesNotMatchItsToken() {
    StepAttempt mismatched = attempt("t1", 2, 1, 1);
    fixture()
        .given(running("t1", "Hello", 1, 1))
        .when(answer(mismatched, "Hi!"))
        .expect(ignored(mismatched, IgnoreReason.UNKNOWN_ASSIGNMENT))
        .expectNoStateChange();
  }

  private static StepResultIgnored ignored(StepAttempt assignment, IgnoreReason reason) {
    return new StepResultIgnored(SESSION, assignment, WORKER, reason, NOW);
  }
}
