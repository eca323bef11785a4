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
  void shouldAnswerDuplicateWhateverItsInputOrOnBusy() {
    fixture()
        .given(running("t1", "Hello", 1, 1))
        .when(enqueue("t1", "something else"))
        .expect(duplicate("t1", TurnStatus.RUNNING));
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
        .startsWith(SessionFixture.accepted("t1", "Hello again", OnBusy.REJECT), started("t1"));
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
}
