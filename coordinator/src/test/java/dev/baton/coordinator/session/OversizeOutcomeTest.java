package dev.baton.coordinator.session;

import static dev.baton.coordinator.session.SessionFixture.answer;
import static dev.baton.coordinator.session.SessionFixture.attempt;
import static dev.baton.coordinator.session.SessionFixture.enqueue;
import static dev.baton.coordinator.session.SessionFixture.fixture;
import static dev.baton.coordinator.session.SessionFixture.running;
import static dev.baton.coordinator.session.SessionFixture.submit;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.coordinator.session.SessionCommand.RefuseOversizeOutcome;
import dev.baton.coordinator.session.SessionEvent.CommandIgnored;
import dev.baton.coordinator.session.SessionEvent.StepAssigned;
import dev.baton.coordinator.session.SessionEvent.TurnFailed;
import dev.baton.coordinator.session.SessionEvent.TurnRejected;
import dev.baton.coordinator.session.SessionEvent.TurnStarted;
import org.junit.jupiter.api.Test;

/** An outcome too large to write: the model fails that turn or rejects that submit. */
class OversizeOutcomeTest {

  private static final String DETAIL = "needs a session record (state) of 2000000 bytes";

  @Test
  void shouldFailTheActiveTurnWhenAResultsOutcomeIsTooLarge() {
    StepAttempt step = attempt("t1", 1, 1, 1);
    SessionFixture.Then then =
        fixture()
            .given(running("t1", "Hello", 1, 1))
            .givenCommands(enqueue("t2", "Next"))
            .when(refuse(answer(step, "a very long answer")));
    then.expectTypes(
            TurnFailed.class,
            TurnStarted.class,
            SessionEvent.MessageAppended.class,
            StepAssigned.class)
        .expectState(
            state -> {
              assertThat(state.statusOf("t1")).contains(TurnStatus.FAILED);
              assertThat(state.statusOf("t2")).contains(TurnStatus.RUNNING);
            });
    Failure failure = then.event(0, TurnFailed.class).failure();
    assertThat(failure.code()).isEqualTo("LIMIT_RECORD_SIZE");
    assertThat(failure.message())
        .isEqualTo("LIMIT_RECORD_SIZE: the outcome of CompleteStep " + DETAIL);
  }

  @Test
  void shouldRejectASubmitWhoseQueuedTurnIsTooLargeToStore() {
    SessionFixture.Then then =
        fixture()
            .given(running("t1", "Hello", 1, 1))
            .when(refuse(enqueue("t2", "x".repeat(1000))))
            .expectTypes(TurnRejected.class)
            .expectState(state -> assertThat(state.queue()).isEmpty());
    assertThat(then.event(0, TurnRejected.class).code()).isEqualTo(RejectionCode.QUEUE_FULL);
  }

  @Test
  void shouldRejectASubmitOfAnIdleSessionAsInputTooLarge() {
    SessionFixture.Then then =
        fixture().when(refuse(submit("t1", "Hello"))).expectTypes(TurnRejected.class);
    assertThat(then.event(0, TurnRejected.class).code()).isEqualTo(RejectionCode.INPUT_TOO_LARGE);
  }

  @Test
  void shouldIgnoreARefusedOutcomeWithoutAnActiveTurn() {
    fixture()
        .when(refuse(new SessionCommand.CheckTimers(SessionFixture.SESSION)))
        .expectTypes(CommandIgnored.class)
        .expectState(state -> assertThat(state.activeTurn()).isEmpty());
  }

  private static RefuseOversizeOutcome refuse(SessionCommand command) {
    return new RefuseOversizeOutcome(SessionFixture.SESSION, command, DETAIL);
  }
}
