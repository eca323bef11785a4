package dev.baton.coordinator.session;

import static dev.baton.coordinator.session.SessionFixture.NOW;
import static dev.baton.coordinator.session.SessionFixture.SESSION;
import static dev.baton.coordinator.session.SessionFixture.accepted;
import static dev.baton.coordinator.session.SessionFixture.answer;
import static dev.baton.coordinator.session.SessionFixture.attempt;
import static dev.baton.coordinator.session.SessionFixture.enqueue;
import static dev.baton.coordinator.session.SessionFixture.fixture;
import static dev.baton.coordinator.session.SessionFixture.running;
import static dev.baton.coordinator.session.SessionFixture.started;
import static dev.baton.coordinator.session.SessionFixture.userMessage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.coordinator.session.SessionCommand.CancelTurn;
import dev.baton.coordinator.session.SessionCommand.PauseSession;
import dev.baton.coordinator.session.SessionCommand.SubmitTurn;
import dev.baton.coordinator.session.SessionEvent.CommandIgnored;
import dev.baton.coordinator.session.SessionEvent.DuplicateTurnSubmitted;
import dev.baton.coordinator.session.SessionEvent.MessageAppended;
import dev.baton.coordinator.session.SessionEvent.StepAssigned;
import dev.baton.coordinator.session.SessionEvent.StepCompleted;
import dev.baton.coordinator.session.SessionEvent.TurnCancelled;
import dev.baton.coordinator.session.SessionEvent.TurnCompleted;
import dev.baton.coordinator.session.SessionEvent.TurnMerged;
import dev.baton.coordinator.session.SessionEvent.TurnQueued;
import dev.baton.coordinator.session.SessionEvent.TurnRejected;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link OnBusy#MERGE}: inputs that arrive while a turn is queued join it as user messages of their
 * own, so that they get one answer; without a queued turn, a merge is an enqueue.
 */
class MergeTurnTest {

  private static final StepAttempt FIRST = attempt("t1", 1, 1, 1);

  @Test
  void shouldStartTurnWhenMergingIntoIdleSession() {
    fixture()
        .when(merge("m1", "Hello"))
        .expect(
            accepted("m1", "Hello", OnBusy.MERGE),
            started("m1", "Hello"),
            userMessage(1, "Hello", "m1"),
            SessionFixture.assigned(attempt("m1", 1, 1, 1), 1, 2));
  }

  @Test
  void shouldQueueLikeAnEnqueueWhenNoTurnIsQueued() {
    fixture()
        .given(running("t1", "Hello", 1, 1))
        .when(merge("q1", "Later"))
        .expect(
            accepted("q1", "Later", OnBusy.MERGE), new TurnQueued(SESSION, "q1", "Later", 1, NOW));
  }

  @Test
  void shouldJoinTheNewestQueuedTurn() {
    fixture()
        .given(running("t1", "Hello", 1, 1))
        .givenCommands(enqueue("q1", "One"), enqueue("q2", "Two"), merge("m0", "Two more"))
        .when(merge("m1", "Three"))
        .expect(accepted("m1", "Three", OnBusy.MERGE), merged("m1", "q2", "Three", 2))
        .expectState(
            state -> {
              assertThat(state.queue()).extracting(QueuedTurn::turnId).containsExactly("q1", "q2");
              assertThat(state.queue().getLast().merged())
                  .extracting(QueuedTurn::input)
                  .containsExactly("Two more", "Three");
              assertThat(state.statusOf("m1")).contains(TurnStatus.QUEUED);
              assertThat(state.joinedTurn("m1")).contains("q2");
            });
  }

  @Test
  void shouldAppendMergedInputsAsUserMessagesOfTheirOwnWhenTheTurnStarts() {
    var then =
        fixture()
            .given(running("t1", "Hello", 1, 1))
            .givenCommands(enqueue("q1", "One"), merge("m1", "Two"), merge("m2", "Three"))
            .when(answer(FIRST, "Hi"));
    int start = then.events().indexOf(started("q1", "One"));
    assertThat(then.events().subList(start + 1, then.events().size()))
        .extracting(Object::getClass)
        .containsExactly(
            MessageAppended.class,
            MessageAppended.class,
            MessageAppended.class,
            StepAssigned.class);
    assertThat(then.events().subList(start + 1, start + 4))
        .containsExactly(
            userMessage(3, "One", "q1"),
            userMessage(4, "Two", "q1"),
            userMessage(5, "Three", "q1"));
    StepAssigned first = then.event(then.events().size() - 1, StepAssigned.class);
    assertThat(first.context().toSeq()).isEqualTo(6);
    assertThat(first.delivered()).extracting(SteeredMessage::messageId).containsExactly("m1", "m2");
    assertThat(first.steeredSeqs()).containsExactly(4L, 5L);
    assertThat(then.after().waiting()).isZero();
  }

  @Test
  void shouldEndMergedInputsWithTheirTurn() {
    SessionFixture session =
        fixture()
            .given(running("t1", "Hello", 1, 1))
            .givenCommands(enqueue("q1", "One"), merge("m1", "Two"), answer(FIRST, "Hi"));
    session.when(merge("m1", "Two")).expect(dup("m1", TurnStatus.STEERED));
    session.givenCommands(answer(attempt("q1", 1, 1, 2), "Both"));
    session
        .when(merge("m1", "Two"))
        .expect(dup("m1", TurnStatus.COMPLETED))
        .expectState(
            state ->
                assertThat(state.finishedTurns())
                    .extracting(FinishedTurn::turnId)
                    .containsExactly("t1", "m1", "q1"));
  }

  @Test
  void shouldCancelMergedInputsWithTheirQueuedTurn() {
    fixture()
        .given(running("t1", "Hello", 1, 1))
        .givenCommands(enqueue("q1", "One"), merge("m1", "Two"))
        .when(new CancelTurn(SESSION, "q1", CancelReason.CANCELLED, Optional.empty()))
        .expectTypes(TurnCancelled.class)
        .expectState(
            state -> {
              assertThat(state.queue()).isEmpty();
              assertThat(state.statusOf("m1")).contains(TurnStatus.CANCELLED);
            });
  }

  @Test
  void shouldIgnoreACancelOfAMergedInput() {
    fixture()
        .given(running("t1", "Hello", 1, 1))
        .givenCommands(enqueue("q1", "One"), merge("m1", "Two"))
        .when(new CancelTurn(SESSION, "m1", CancelReason.CANCELLED, Optional.empty()))
        .expect(new CommandIgnored(SESSION, "turn m1 joined turn q1; cancel q1", NOW))
        .expectNoStateChange();
  }

  @Test
  void shouldTreatARepeatedMergeAsADuplicateAndAnotherInputAsReused() {
    SessionFixture session =
        fixture()
            .given(running("t1", "Hello", 1, 1))
            .givenCommands(enqueue("q1", "One"), merge("m1", "Two"));
    session.when(merge("m1", "Two")).expect(dup("m1", TurnStatus.QUEUED)).expectNoStateChange();
    assertThat(session.when(merge("m1", "Else")).event(0, TurnRejected.class).code())
        .isEqualTo(RejectionCode.TURN_ID_REUSED);
  }

  @Test
  void shouldBoundMergedInputsTogetherWithQueuedTurns() {
    SessionFixture session =
        fixture(SessionLimits.builder().queueCapacity(2).build())
            .given(running("t1", "Hello", 1, 1))
            .givenCommands(enqueue("q1", "One"), merge("m1", "Two"));
    TurnRejected full = session.when(merge("m2", "Three")).event(0, TurnRejected.class);
    assertThat(full.code()).isEqualTo(RejectionCode.QUEUE_FULL);
    assertThat(full.detail()).isEqualTo("queue is full at 1 turns and 1 joined inputs");
  }

  @Test
  void shouldMergeIntoTheQueuedTurnOfAPausedSession() {
    fixture()
        .given(running("t1", "Hello", 1, 1))
        .givenCommands(enqueue("q1", "One"), new PauseSession(SESSION, Optional.empty()))
        .when(merge("m1", "Two"))
        .expect(accepted("m1", "Two", OnBusy.MERGE), merged("m1", "q1", "Two", 1));
  }

  @Test
  void shouldCompleteAMergedTurnWithOneAnswer() {
    fixture()
        .given(running("t1", "Hello", 1, 1))
        .givenCommands(
            enqueue("q1", "One"), merge("m1", "Two"), merge("m2", "Three"), answer(FIRST, "Hi"))
        .when(answer(attempt("q1", 1, 1, 2), "All three"))
        .expectTypes(StepCompleted.class, MessageAppended.class, TurnCompleted.class)
        .expectState(state -> assertThat(state.isIdle()).isTrue());
  }

  private static SubmitTurn merge(String turnId, String input) {
    return new SubmitTurn(SESSION, turnId, input, OnBusy.MERGE);
  }

  private static TurnMerged merged(String turnId, String into, String input, int position) {
    return new TurnMerged(SESSION, turnId, into, input, position, InputDigest.of(input), NOW);
  }

  private static DuplicateTurnSubmitted dup(String turnId, TurnStatus status) {
    return new DuplicateTurnSubmitted(SESSION, turnId, status, NOW);
  }
}
