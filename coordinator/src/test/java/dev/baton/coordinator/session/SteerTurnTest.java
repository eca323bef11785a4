package dev.baton.coordinator.session;

import static dev.baton.coordinator.session.SessionFixture.NOW;
import static dev.baton.coordinator.session.SessionFixture.SESSION;
import static dev.baton.coordinator.session.SessionFixture.TERMS;
import static dev.baton.coordinator.session.SessionFixture.accepted;
import static dev.baton.coordinator.session.SessionFixture.answer;
import static dev.baton.coordinator.session.SessionFixture.assigned;
import static dev.baton.coordinator.session.SessionFixture.assistantMessage;
import static dev.baton.coordinator.session.SessionFixture.attempt;
import static dev.baton.coordinator.session.SessionFixture.completed;
import static dev.baton.coordinator.session.SessionFixture.enqueue;
import static dev.baton.coordinator.session.SessionFixture.fail;
import static dev.baton.coordinator.session.SessionFixture.fixture;
import static dev.baton.coordinator.session.SessionFixture.nthAfter;
import static dev.baton.coordinator.session.SessionFixture.running;
import static dev.baton.coordinator.session.SessionFixture.started;
import static dev.baton.coordinator.session.SessionFixture.stepCompleted;
import static dev.baton.coordinator.session.SessionFixture.stepFailed;
import static dev.baton.coordinator.session.SessionFixture.usage;
import static dev.baton.coordinator.session.SessionFixture.userMessage;
import static dev.baton.coordinator.session.ToolCallStepTest.finish;
import static dev.baton.coordinator.session.ToolCallStepTest.requestCalls;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.coordinator.session.SessionCommand.CancelTurn;
import dev.baton.coordinator.session.SessionCommand.PauseSession;
import dev.baton.coordinator.session.SessionCommand.ResumeSession;
import dev.baton.coordinator.session.SessionCommand.SubmitTurn;
import dev.baton.coordinator.session.SessionEvent.CommandIgnored;
import dev.baton.coordinator.session.SessionEvent.DispatchHeld;
import dev.baton.coordinator.session.SessionEvent.DuplicateTurnSubmitted;
import dev.baton.coordinator.session.SessionEvent.HistoryRolledBack;
import dev.baton.coordinator.session.SessionEvent.MessageAppended;
import dev.baton.coordinator.session.SessionEvent.SessionResumed;
import dev.baton.coordinator.session.SessionEvent.StepAssigned;
import dev.baton.coordinator.session.SessionEvent.ToolCallFinished;
import dev.baton.coordinator.session.SessionEvent.TurnAccepted;
import dev.baton.coordinator.session.SessionEvent.TurnCancelled;
import dev.baton.coordinator.session.SessionEvent.TurnCompleted;
import dev.baton.coordinator.session.SessionEvent.TurnMerged;
import dev.baton.coordinator.session.SessionEvent.TurnQueued;
import dev.baton.coordinator.session.SessionEvent.TurnRejected;
import dev.baton.coordinator.session.SessionEvent.TurnStarted;
import dev.baton.coordinator.session.SessionEvent.TurnSteered;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link OnBusy#STEER}: an input joins the running turn and reaches its next agent step, after the
 * step's tool results; if the turn ends first, it starts the next turn.
 */
class SteerTurnTest {

  private static final StepAttempt FIRST = attempt("t1", 1, 1, 1);
  private static final StepAttempt BATCH = attempt("t1", 1, 1, 2);
  private static final StepAttempt SECOND = attempt("t1", 2, 1, nthAfter(BATCH, 1));
  private static final ToolCall READ_A =
      new ToolCall("c1", 0, "read_file", "{\"p\":\"a\"}", OperationClass.READ);

  @Test
  void shouldStartTurnWhenSteeringIdleSession() {
    fixture()
        .when(steer("m1", "Hello"))
        .expect(
            accepted("m1", "Hello", OnBusy.STEER),
            started("m1", "Hello"),
            userMessage(1, "Hello", "m1"),
            assigned(attempt("m1", 1, 1, 1), 1, 2));
  }

  @Test
  void shouldHoldSteeredInputWhileTheAgentStepRuns() {
    fixture()
        .given(running("t1", "Hello", 1, 1))
        .when(steer("m1", "Also this"))
        .expect(accepted("m1", "Also this", OnBusy.STEER), steered("m1", "Also this", 1))
        .expectState(
            state -> {
              assertThat(state.statusOf("m1")).contains(TurnStatus.STEERED);
              assertThat(state.activeTurn().orElseThrow().steering())
                  .extracting(QueuedTurn::turnId)
                  .containsExactly("m1");
              assertThat(state.nextSeq()).as("nothing appended yet").isEqualTo(2);
            });
  }

  @Test
  void shouldNotDeliverWhenTheStepAsksForToolCalls() {
    fixture()
        .given(running("t1", "Hello", 1, 1))
        .givenCommands(steer("m1", "Also this"))
        .when(requestCalls(FIRST, "", List.of(READ_A)))
        .expectState(
            state ->
                assertThat(state.activeTurn().orElseThrow().steering())
                    .extracting(QueuedTurn::turnId)
                    .containsExactly("m1"));
  }

  @Test
  void shouldDeliverSteeredInputsWithTheNextStepAfterTheToolResults() {
    var then =
        fixture()
            .given(running("t1", "Hello", 1, 1))
            .givenCommands(steer("m1", "Also this"), requestCalls(FIRST, "", List.of(READ_A)))
            .givenCommands(steer("m2", "And that"))
            .when(finish(BATCH, "c1", "a"))
            .expectTypes(
                ToolCallFinished.class,
                MessageAppended.class,
                MessageAppended.class,
                MessageAppended.class,
                StepAssigned.class);
    assertThat(then.event(1, MessageAppended.class).message().role()).isEqualTo(Message.Role.TOOL);
    assertThat(then.event(2, MessageAppended.class)).isEqualTo(userMessage(4, "Also this", "t1"));
    assertThat(then.event(3, MessageAppended.class)).isEqualTo(userMessage(5, "And that", "t1"));
    StepAssigned step = then.event(4, StepAssigned.class);
    assertThat(step.assignment()).isEqualTo(SECOND);
    assertThat(step.context()).isEqualTo(new HistoryRange(1, 6));
    assertThat(step.delivered())
        .containsExactly(
            new SteeredMessage("m1", InputDigest.of("Also this"), 4, SECOND),
            new SteeredMessage("m2", InputDigest.of("And that"), 5, SECOND));
    assertThat(step.steeredSeqs()).containsExactly(4L, 5L);
    ActiveTurn turn = then.after().activeTurn().orElseThrow();
    assertThat(turn.steering()).isEmpty();
    assertThat(turn.steered()).hasSize(2);
    assertThat(then.after().statusOf("m1")).contains(TurnStatus.STEERED);
  }

  @Test
  void shouldCarryEveryEarlierSteeredSeqInLaterSteps() {
    StepAttempt secondBatch = attempt("t1", 2, 1, nthAfter(BATCH, 1) + 1);
    var then =
        fixture()
            .given(running("t1", "Hello", 1, 1))
            .givenCommands(
                steer("m1", "Also this"),
                requestCalls(FIRST, "", List.of(READ_A)),
                finish(BATCH, "c1", "a"),
                requestCalls(SECOND, "", List.of(READ_A)),
                steer("m2", "And that"))
            .when(finish(secondBatch, "c1", "b"));
    StepAssigned step = then.event(then.events().size() - 1, StepAssigned.class);
    assertThat(step.delivered()).extracting(SteeredMessage::messageId).containsExactly("m2");
    assertThat(step.steeredSeqs()).containsExactly(4L, 7L);
  }

  @Test
  void shouldDeliverSteeredInputWithTheRetryOfAFailedStep() {
    var then =
        fixture()
            .given(running("t1", "Hello", 1, 1))
            .givenCommands(steer("m1", "Also this"))
            .when(fail(FIRST, true))
            .expect(
                stepFailed(FIRST, true, true),
                userMessage(2, "Also this", "t1"),
                new StepAssigned(
                    SESSION,
                    attempt("t1", 1, 2, 2),
                    new HistoryRange(1, 3),
                    1,
                    TERMS,
                    List.of(
                        new SteeredMessage(
                            "m1", InputDigest.of("Also this"), 2, attempt("t1", 1, 2, 2))),
                    List.of(2L),
                    NOW));
    assertThat(then.after().waiting()).isZero();
  }

  @Test
  void shouldStartTheNextTurnWithAnInputSteeredJustAsTheAgentAnswers() {
    fixture()
        .given(running("t1", "Hello", 1, 1))
        .givenCommands(steer("m1", "Also this"))
        .when(answer(FIRST, "Hi"))
        .expect(
            stepCompleted(FIRST, 0),
            assistantMessage(2, "Hi", "t1"),
            completed("t1", "Hi", 2, 1, usage()),
            new TurnQueued(SESSION, "m1", "Also this", 1, NOW),
            started("m1", "Also this"),
            userMessage(3, "Also this", "m1"),
            assigned(attempt("m1", 1, 1, 2), 1, 4))
        .expectState(
            state -> {
              assertThat(state.statusOf("m1")).contains(TurnStatus.RUNNING);
              assertThat(state.statusOf("t1")).contains(TurnStatus.COMPLETED);
            });
  }

  @Test
  void shouldGiveASteeredInputThatRunsAsItsOwnTurnTheMetadataItWasSubmittedWith() {
    Map<String, String> metadata = Map.of("user", "u-7");
    fixture()
        .given(running("t1", "Hello", 1, 1))
        .givenCommands(
            new SubmitTurn(SESSION, "m1", "Also this", OnBusy.STEER, Optional.empty(), metadata))
        .when(answer(FIRST, "Hi"))
        .expectState(
            state -> {
              ActiveTurn own = state.activeTurn().orElseThrow();
              assertThat(own.turnId()).isEqualTo("m1");
              assertThat(own.metadata()).isEqualTo(metadata);
            })
        .expectEvents(
            events ->
                assertThat(events)
                    .filteredOn(StepAssigned.class::isInstance)
                    .extracting(event -> ((StepAssigned) event).metadata())
                    .containsExactly(metadata));
  }

  @Test
  void shouldRunUndeliveredInputsAsOneTurnAheadOfQueuedTurnsInTheOrderTheyCame() {
    fixture()
        .given(running("t1", "Hello", 1, 1))
        .givenCommands(enqueue("q1", "Later"), steer("m1", "One"), steer("m2", "Two"))
        .when(answer(FIRST, "Hi"))
        .expect(
            stepCompleted(FIRST, 0),
            assistantMessage(2, "Hi", "t1"),
            completed("t1", "Hi", 2, 1, usage()),
            new TurnQueued(SESSION, "m1", "One", 1, NOW),
            new TurnMerged(SESSION, "m2", "m1", "Two", 1, InputDigest.of("Two"), NOW),
            started("m1", "One"),
            userMessage(3, "One", "m1"),
            userMessage(4, "Two", "m1"),
            new StepAssigned(
                SESSION,
                attempt("m1", 1, 1, 2),
                new HistoryRange(1, 5),
                3,
                TERMS,
                List.of(new SteeredMessage("m2", InputDigest.of("Two"), 4, attempt("m1", 1, 1, 2))),
                List.of(4L),
                NOW))
        .expectState(
            state -> {
              assertThat(state.activeTurn().orElseThrow().turnId()).isEqualTo("m1");
              assertThat(state.queue()).extracting(QueuedTurn::turnId).containsExactly("q1");
              assertThat(state.statusOf("m2")).contains(TurnStatus.STEERED);
            });
  }

  /**
   * A steer into a paused session without a turn joins the newest queued turn: queued as a turn of
   * its own, it would wait behind it while the steers sent after it joined that turn once it runs.
   */
  @Test
  void shouldMergeASteerIntoTheNewestQueuedTurnWhenThePausedSessionHasNoTurn() {
    fixture()
        .givenCommands(new PauseSession(SESSION, Optional.empty()), steer("m1", "Hello"))
        .when(steer("m2", "Again"))
        .expect(
            accepted("m2", "Again", OnBusy.STEER),
            new TurnMerged(SESSION, "m2", "m1", "Again", 1, InputDigest.of("Again"), NOW));
  }

  @Test
  void shouldRememberDeliveredInputsWithTheStatusOfTheirTurn() {
    fixture()
        .given(running("t1", "Hello", 1, 1))
        .givenCommands(steer("m1", "Also this"), fail(FIRST, true))
        .when(answer(attempt("t1", 1, 2, 2), "Hi"))
        .expectTypes(SessionEvent.StepCompleted.class, MessageAppended.class, TurnCompleted.class)
        .expectState(
            state -> {
              assertThat(state.statusOf("m1")).contains(TurnStatus.COMPLETED);
              assertThat(state.statusOf("t1")).contains(TurnStatus.COMPLETED);
              assertThat(state.finishedTurns())
                  .extracting(FinishedTurn::turnId)
                  .containsExactly("m1", "t1");
            });
  }

  @Test
  void shouldTreatARepeatedSteerAsADuplicateWhileWaitingDeliveredAndEnded() {
    SessionFixture session =
        fixture().given(running("t1", "Hello", 1, 1)).givenCommands(steer("m1", "Also this"));
    session
        .when(steer("m1", "Also this"))
        .expect(new DuplicateTurnSubmitted(SESSION, "m1", TurnStatus.STEERED, NOW))
        .expectNoStateChange();
    session.givenCommands(fail(FIRST, true));
    session
        .when(steer("m1", "Also this"))
        .expect(new DuplicateTurnSubmitted(SESSION, "m1", TurnStatus.STEERED, NOW));
    session.givenCommands(answer(attempt("t1", 1, 2, 2), "Hi"));
    session
        .when(steer("m1", "Also this"))
        .expect(new DuplicateTurnSubmitted(SESSION, "m1", TurnStatus.COMPLETED, NOW));
  }

  @Test
  void shouldRefuseASteerThatReusesAnIdWithAnotherInput() {
    fixture()
        .given(running("t1", "Hello", 1, 1))
        .givenCommands(steer("m1", "Also this"))
        .when(steer("m1", "Something else"))
        .expectTypes(TurnRejected.class)
        .expectState(
            state ->
                assertThat(state.activeTurn().orElseThrow().steering())
                    .extracting(QueuedTurn::input)
                    .containsExactly("Also this"));
  }

  @Test
  void shouldBoundWaitingSteeredInputsTogetherWithQueuedTurns() {
    SessionFixture session =
        fixture(SessionLimits.builder().queueCapacity(2).build())
            .given(running("t1", "Hello", 1, 1))
            .givenCommands(steer("m1", "One"), enqueue("q1", "Later"));
    TurnRejected full = session.when(steer("m2", "Two")).event(0, TurnRejected.class);
    assertThat(full.code()).isEqualTo(RejectionCode.QUEUE_FULL);
    assertThat(full.detail()).isEqualTo("queue is full at 1 turns and 1 joined inputs");
    assertThat(session.when(enqueue("q2", "Later")).event(0, TurnRejected.class).code())
        .isEqualTo(RejectionCode.QUEUE_FULL);
  }

  @Test
  void shouldMakeRoomAgainOnceSteeredInputsAreDelivered() {
    fixture(SessionLimits.builder().queueCapacity(1).build())
        .given(running("t1", "Hello", 1, 1))
        .givenCommands(steer("m1", "One"), fail(FIRST, true))
        .when(steer("m2", "Two"))
        .expectTypes(TurnAccepted.class, TurnSteered.class);
  }

  @Test
  void shouldDeliverInputSteeredIntoAPausedSessionWithTheHeldStepOnResume() {
    StepAttempt held = attempt("t1", 1, 2, 2);
    var then =
        fixture()
            .given(running("t1", "Hello", 1, 1))
            .givenCommands(new PauseSession(SESSION, Optional.empty()), fail(FIRST, true))
            .givenCommands(steer("m1", "Also this"))
            .when(new ResumeSession(SESSION, Optional.empty()))
            .expectTypes(SessionResumed.class, MessageAppended.class, StepAssigned.class);
    assertThat(then.event(2, StepAssigned.class).assignment()).isEqualTo(held);
    assertThat(then.event(2, StepAssigned.class).delivered())
        .extracting(SteeredMessage::messageId)
        .containsExactly("m1");
  }

  @Test
  void shouldSteerIntoTheTurnOfAPausedSessionWithoutDispatching() {
    fixture()
        .given(running("t1", "Hello", 1, 1))
        .givenCommands(new PauseSession(SESSION, Optional.empty()), fail(FIRST, true))
        .when(steer("m1", "Also this"))
        .expect(accepted("m1", "Also this", OnBusy.STEER), steered("m1", "Also this", 1));
  }

  @Test
  void shouldQueueASteerWhenThePausedSessionHasNoTurn() {
    fixture()
        .givenCommands(new PauseSession(SESSION, Optional.empty()))
        .when(steer("m1", "Hello"))
        .expect(
            accepted("m1", "Hello", OnBusy.STEER), new TurnQueued(SESSION, "m1", "Hello", 1, NOW));
  }

  @Test
  void shouldQueueWaitingInputsBehindTheInterruptingTurn() {
    fixture()
        .given(running("t1", "Hello", 1, 1))
        .givenCommands(steer("m1", "Also this"))
        .when(new SubmitTurn(SESSION, "t2", "Stop", OnBusy.INTERRUPT))
        .expectTypes(
            TurnCancelled.class,
            TurnQueued.class,
            TurnAccepted.class,
            TurnStarted.class,
            MessageAppended.class,
            StepAssigned.class)
        .expectState(
            state -> {
              assertThat(state.activeTurn().orElseThrow().turnId()).isEqualTo("t2");
              assertThat(state.queue()).extracting(QueuedTurn::turnId).containsExactly("m1");
            });
  }

  @Test
  void shouldRemoveDeliveredInputsWithARolledBackTurn() {
    fixture()
        .given(running("t1", "Hello", 1, 1))
        .givenCommands(steer("m1", "Also this"), fail(FIRST, true))
        .when(new SubmitTurn(SESSION, "t2", "Again", OnBusy.ROLLBACK))
        .expectTypes(
            TurnCancelled.class,
            HistoryRolledBack.class,
            TurnAccepted.class,
            TurnStarted.class,
            MessageAppended.class,
            StepAssigned.class)
        .expectState(state -> assertThat(state.statusOf("m1")).contains(TurnStatus.CANCELLED));
  }

  @Test
  void shouldIgnoreACancelOfASteeredInput() {
    fixture()
        .given(running("t1", "Hello", 1, 1))
        .givenCommands(steer("m1", "Also this"))
        .when(new CancelTurn(SESSION, "m1", CancelReason.CANCELLED, Optional.empty()))
        .expect(new CommandIgnored(SESSION, "turn m1 joined turn t1; cancel t1", NOW));
  }

  @Test
  void shouldHoldNothingBackWhenTheStepIsHeldWhilePaused() {
    fixture()
        .given(running("t1", "Hello", 1, 1))
        .givenCommands(steer("m1", "Also this"), new PauseSession(SESSION, Optional.empty()))
        .when(fail(FIRST, true))
        .expectTypes(SessionEvent.StepFailed.class, DispatchHeld.class)
        .expectState(state -> assertThat(state.waiting()).isEqualTo(1));
  }

  private static SubmitTurn steer(String turnId, String input) {
    return new SubmitTurn(SESSION, turnId, input, OnBusy.STEER);
  }

  private static TurnSteered steered(String turnId, String input, int position) {
    return new TurnSteered(
        SESSION, turnId, "t1", input, position, Optional.empty(), InputDigest.of(input), NOW);
  }
}
