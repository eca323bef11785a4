package dev.baton.coordinator.session;

import static dev.baton.coordinator.session.SessionFixture.NOW;
import static dev.baton.coordinator.session.SessionFixture.SESSION;
import static dev.baton.coordinator.session.SessionFixture.answer;
import static dev.baton.coordinator.session.SessionFixture.attempt;
import static dev.baton.coordinator.session.SessionFixture.enqueue;
import static dev.baton.coordinator.session.SessionFixture.fail;
import static dev.baton.coordinator.session.SessionFixture.fixture;
import static dev.baton.coordinator.session.SessionFixture.running;
import static dev.baton.coordinator.session.SessionFixture.started;
import static dev.baton.coordinator.session.SessionFixture.submit;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.coordinator.session.SessionEvent.DuplicateTurnSubmitted;
import dev.baton.coordinator.session.SessionEvent.TurnRejected;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DuplicateTurnTest {

  @Test
  void shouldAnswerDuplicateTurnIdWithExistingTurn() {
    fixture()
        .given(running("t1", "Hello", 1, 1))
        .when(submit("t1", "Hello"))
        .expect(duplicate("t1", TurnStatus.RUNNING))
        .expectNoStateChange();
  }

  @Test
  void shouldAnswerDuplicateOfQueuedTurnWithoutQueueingItTwice() {
    fixture()
        .given(running("t1", "Hello", 1, 1))
        .givenCommands(enqueue("t2", "Next"))
        .when(enqueue("t2", "Next"))
        .expect(duplicate("t2", TurnStatus.QUEUED))
        .expectNoStateChange();
  }

  @Test
  void shouldAnswerDuplicateOfCompletedTurnWithoutStartingIt() {
    fixture()
        .given(running("t1", "Hello", 1, 1))
        .givenCommands(answer(attempt("t1", 1, 1, 1), "Hi!"))
        .when(submit("t1", "Hello"))
        .expect(duplicate("t1", TurnStatus.COMPLETED))
        .expectNoStateChange();
  }

  @Test
  void shouldAnswerDuplicateOfFailedTurn() {
    fixture()
        .given(running("t1", "Hello", 1, 1))
        .givenCommands(fail(attempt("t1", 1, 1, 1), false))
        .when(submit("t1", "Hello"))
        .expect(duplicate("t1", TurnStatus.FAILED));
  }

  @Test
  void shouldAnswerDuplicateWhateverItsOnBusy() {
    fixture()
        .given(running("t1", "Hello", 1, 1))
        .when(enqueue("t1", "Hello"))
        .expect(duplicate("t1", TurnStatus.RUNNING));
  }

  @Test
  void shouldRefuseTheIdOfTheRunningTurnWithAnotherInput() {
    fixture()
        .given(running("t1", "Hello", 1, 1))
        .when(enqueue("t1", "something else"))
        .expect(reused("t1", TurnStatus.RUNNING, Optional.of("t1")))
        .expectNoStateChange();
  }

  @Test
  void shouldRefuseTheIdOfAQueuedTurnWithAnotherInput() {
    fixture()
        .given(running("t1", "Hello", 1, 1))
        .givenCommands(enqueue("t2", "Next"))
        .when(enqueue("t2", "Other"))
        .expect(reused("t2", TurnStatus.QUEUED, Optional.of("t1")))
        .expectNoStateChange();
  }

  @Test
  void shouldRefuseTheIdOfAFinishedTurnWithAnotherInputWithinTheWindow() {
    fixture()
        .given(running("t1", "Hello", 1, 1))
        .givenCommands(answer(attempt("t1", 1, 1, 1), "Hi!"))
        .when(submit("t1", "Hello, again"), NOW.plus(SessionLimits.DEFAULT_TURN_ID_WINDOW))
        .expect(
            new TurnRejected(
                SESSION,
                "t1",
                RejectionCode.TURN_ID_REUSED,
                "turn t1 (COMPLETED) was submitted with another input",
                Optional.empty(),
                NOW.plus(SessionLimits.DEFAULT_TURN_ID_WINDOW)))
        .expectNoStateChange();
  }

  @Test
  void shouldTakeTheIdOfAFinishedTurnAsNewOnceItsWindowHasPassed() {
    Duration window = Duration.ofHours(1);
    SessionFixture fixture = fixture(SessionLimits.builder().turnIdWindow(window).build());
    fixture
        .given(running("t1", "Hello", 1, 1))
        .givenCommands(answer(attempt("t1", 1, 1, 1), "Hi!"));
    Instant justInTime = NOW.plus(window);
    Instant late = justInTime.plusMillis(1);

    assertThat(fixture.when(submit("t1", "Hello"), justInTime).events())
        .containsExactly(
            new DuplicateTurnSubmitted(SESSION, "t1", TurnStatus.COMPLETED, justInTime));
    assertThat(fixture.when(submit("t1", "Other"), late).events())
        .first()
        .isInstanceOf(SessionEvent.TurnAccepted.class);
  }

  @Test
  void shouldForgetFinishedTurnsOutsideTheWindowWhenATurnEnds() {
    Duration window = Duration.ofHours(1);
    SessionFixture fixture = fixture(SessionLimits.builder().turnIdWindow(window).build());
    Instant later = NOW.plus(window).plusSeconds(1);
    fixture
        .given(running("t1", "Hello", 1, 1))
        .givenCommands(answer(attempt("t1", 1, 1, 1), "Hi!"))
        .givenCommandsAt(later, submit("t2", "Next"));

    fixture
        .when(answer(attempt("t2", 1, 1, 2), "Done"), later)
        .expectState(
            state ->
                assertThat(state.finishedTurns())
                    .containsExactly(
                        new FinishedTurn(
                            "t2",
                            TurnStatus.COMPLETED,
                            Optional.of(InputDigest.of("Next")),
                            later)));
  }

  @Test
  void shouldAnswerDuplicateWhateverTheInputForATurnStoredWithoutADigest() {
    SessionModel model = new SessionModel(SessionLimits.defaults());
    FinishedTurn stored = new FinishedTurn("t1", TurnStatus.COMPLETED, Optional.empty(), NOW);
    SessionState state =
        new SessionState(
            SESSION, Optional.empty(), List.of(), List.of(stored), 1, 3, 1, false, NOW, NOW);

    assertThat(model.decide(state, submit("t1", "anything"), NOW).events())
        .containsExactly(duplicate("t1", TurnStatus.COMPLETED));
  }

  @Test
  void shouldForgetFinishedTurnsBeyondTheRememberedWindow() {
    SessionFixture fixture = fixture(SessionLimits.builder().rememberedTurns(2).build());
    long token = 0;
    for (String turnId : new String[] {"t1", "t2", "t3"}) {
      token++;
      fixture.givenCommands(submit(turnId, "Hello"), answer(attempt(turnId, 1, 1, token), "Hi"));
    }
    fixture
        .when(submit("t2", "Hello"))
        .expect(duplicate("t2", TurnStatus.COMPLETED))
        .expectState(
            state ->
                assertThat(state.finishedTurns())
                    .extracting(FinishedTurn::turnId)
                    .containsExactly("t2", "t3"));
    assertThat(fixture.when(submit("t1", "Hello again")).events())
        .startsWith(
            SessionFixture.accepted("t1", "Hello again", OnBusy.REJECT),
            started("t1", "Hello again"));
  }

  @Test
  void shouldRememberNoFinishedTurnWhenWindowIsZero() {
    fixture(SessionLimits.builder().rememberedTurns(0).build())
        .given(running("t1", "Hello", 1, 1))
        .givenCommands(answer(attempt("t1", 1, 1, 1), "Hi"))
        .when(submit("t1", "Hello"))
        .expectState(state -> assertThat(state.statusOf("t1")).contains(TurnStatus.RUNNING));
  }

  private static DuplicateTurnSubmitted duplicate(String turnId, TurnStatus status) {
    return new DuplicateTurnSubmitted(SESSION, turnId, status, NOW);
  }

  private static TurnRejected reused(String turnId, TurnStatus status, Optional<String> active) {
    String detail = "turn " + turnId + " (" + status + ") was submitted with another input";
    return new TurnRejected(SESSION, turnId, RejectionCode.TURN_ID_REUSED, detail, active, NOW);
  }
}
