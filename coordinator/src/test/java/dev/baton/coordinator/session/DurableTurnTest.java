package dev.baton.coordinator.session;

import static dev.baton.coordinator.session.SessionFixture.NOW;
import static dev.baton.coordinator.session.SessionFixture.SESSION;
import static dev.baton.coordinator.session.SessionFixture.WORKER;
import static dev.baton.coordinator.session.SessionFixture.attempt;
import static dev.baton.coordinator.session.SessionFixture.enqueue;
import static dev.baton.coordinator.session.SessionFixture.fixture;
import static dev.baton.coordinator.session.SessionFixture.submit;
import static dev.baton.coordinator.session.SessionFixture.usage;
import static dev.baton.coordinator.session.ToolCallStepTest.finish;
import static dev.baton.coordinator.session.ToolCallStepTest.requestCalls;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.coordinator.session.SessionCommand.CancelTurn;
import dev.baton.coordinator.session.SessionCommand.CheckTimers;
import dev.baton.coordinator.session.SessionCommand.CompleteStep;
import dev.baton.coordinator.session.SessionCommand.PauseSession;
import dev.baton.coordinator.session.SessionCommand.RenewLease;
import dev.baton.coordinator.session.SessionCommand.ResumeSession;
import dev.baton.coordinator.session.SessionCommand.SubmitTurn;
import dev.baton.coordinator.session.SessionEvent.CommandIgnored;
import dev.baton.coordinator.session.SessionEvent.DispatchHeld;
import dev.baton.coordinator.session.SessionEvent.HistoryRolledBack;
import dev.baton.coordinator.session.SessionEvent.LeaseExtended;
import dev.baton.coordinator.session.SessionEvent.MessageAppended;
import dev.baton.coordinator.session.SessionEvent.SessionExpired;
import dev.baton.coordinator.session.SessionEvent.SessionPaused;
import dev.baton.coordinator.session.SessionEvent.SessionResumed;
import dev.baton.coordinator.session.SessionEvent.StepAssigned;
import dev.baton.coordinator.session.SessionEvent.StepFailed;
import dev.baton.coordinator.session.SessionEvent.StepResultIgnored;
import dev.baton.coordinator.session.SessionEvent.ToolCallRedispatched;
import dev.baton.coordinator.session.SessionEvent.ToolCallWaveDispatched;
import dev.baton.coordinator.session.SessionEvent.ToolCallsDispatched;
import dev.baton.coordinator.session.SessionEvent.TurnAccepted;
import dev.baton.coordinator.session.SessionEvent.TurnCancelled;
import dev.baton.coordinator.session.SessionEvent.TurnFailed;
import dev.baton.coordinator.session.SessionEvent.TurnQueued;
import dev.baton.coordinator.session.SessionEvent.TurnRejected;
import dev.baton.coordinator.session.SessionEvent.TurnStarted;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Cancellation, interrupt and rollback, pause and resume, leases and idle expiry. */
class DurableTurnTest {

  private static final StepAttempt FIRST = attempt("t1", 1, 1, 1);
  private static final StepAttempt BATCH = attempt("t1", 1, 1, 2);
  private static final ToolCall READ_A = new ToolCall("c1", 0, "read_a", "{}", OperationClass.READ);
  private static final ToolCall READ_B = new ToolCall("c2", 1, "read_b", "{}", OperationClass.READ);
  private static final ToolCall WRITE_C =
      new ToolCall("c3", 2, "write_c", "{}", OperationClass.WRITE);
  private static final List<ToolCall> CALLS = List.of(READ_A, READ_B, WRITE_C);
  private static final Duration LEASE = SessionLimits.DEFAULT_LEASE;

  @Test
  void shouldCancelActiveTurnWithTheResultsReceivedAndASyntheticOneForEveryOtherCall() {
    var then =
        fixture()
            .givenCommands(
                submit("t1", "Hello"), requestCalls(FIRST, "", CALLS), finish(BATCH, "c1", "a"))
            .when(cancel("t1", CancelReason.CANCELLED))
            .expectTypes(
                MessageAppended.class,
                MessageAppended.class,
                MessageAppended.class,
                TurnCancelled.class);

    Message received = then.event(0, MessageAppended.class).message();
    assertThat(received.role()).isEqualTo(Message.Role.TOOL);
    assertThat(received.toolResult()).contains(new ToolResult("c1", "a", false));
    for (int i = 1; i < 3; i++) {
      Message synthetic = then.event(i, MessageAppended.class).message();
      assertThat(synthetic.role()).isEqualTo(Message.Role.TOOL);
      assertThat(synthetic.toolResult().orElseThrow().callId()).isEqualTo(CALLS.get(i).callId());
      assertThat(synthetic.toolResult().orElseThrow().isError()).isTrue();
      assertThat(synthetic.toolResult().orElseThrow().content())
          .startsWith("Cancelled: turn t1 ended (CANCELLED)");
      assertThat(synthetic.content()).as("the text is stored once, in the result").isEmpty();
    }
    TurnCancelled cancelled = then.event(3, TurnCancelled.class);
    assertThat(cancelled.reason()).isEqualTo(CancelReason.CANCELLED);
    assertThat(cancelled.usage()).as("the one finished step's usage").isEqualTo(usage());
    then.expectState(
        state -> {
          assertThat(state.isIdle()).isTrue();
          assertThat(state.statusOf("t1")).contains(TurnStatus.CANCELLED);
        });
  }

  @Test
  void shouldIgnoreTheLateResultOfACancelledTurnSoItsUsageCountsOnce() {
    fixture()
        .givenCommands(submit("t1", "Hello"), cancel("t1", CancelReason.CANCELLED))
        .when(new CompleteStep(SESSION, FIRST, "late", usage(), WORKER))
        .expectTypes(StepResultIgnored.class)
        .expectNoStateChange();
  }

  @Test
  void shouldTakeACancelledQueuedTurnOffTheQueueAndLeaveTheActiveOne() {
    fixture()
        .givenCommands(submit("t1", "Hello"), enqueue("t2", "Next"))
        .when(cancel("t2", CancelReason.KILLED))
        .expectTypes(TurnCancelled.class)
        .expectState(
            state -> {
              assertThat(state.queue()).isEmpty();
              assertThat(state.activeTurn().orElseThrow().turnId()).isEqualTo("t1");
              assertThat(state.statusOf("t2")).contains(TurnStatus.CANCELLED);
            });
  }

  @Test
  void shouldStartTheNextQueuedTurnAfterACancel() {
    fixture()
        .givenCommands(submit("t1", "Hello"), enqueue("t2", "Next"))
        .when(cancel("t1", CancelReason.CANCELLED))
        .expectTypes(
            TurnCancelled.class, TurnStarted.class, MessageAppended.class, StepAssigned.class);
  }

  @Test
  void shouldIgnoreACancelOfAFinishedOrUnknownTurn() {
    fixture()
        .givenCommands(
            submit("t1", "Hello"), new CompleteStep(SESSION, FIRST, "Hi", usage(), WORKER))
        .when(cancel("t1", CancelReason.CANCELLED))
        .expectTypes(CommandIgnored.class)
        .expectNoStateChange();
    fixture()
        .when(cancel("nope", CancelReason.KILLED))
        .expectTypes(CommandIgnored.class)
        .expectNoStateChange();
  }

  @Test
  void shouldInterruptTheActiveTurnAndStartTheNewOneAtOnce() {
    var then =
        fixture()
            .givenCommands(submit("t1", "Hello"), enqueue("t2", "queued"))
            .when(new SubmitTurn(SESSION, "t3", "Stop that", OnBusy.INTERRUPT))
            .expectTypes(
                TurnCancelled.class,
                TurnAccepted.class,
                TurnStarted.class,
                MessageAppended.class,
                StepAssigned.class);
    TurnCancelled cancelled = then.event(0, TurnCancelled.class);
    assertThat(cancelled.reason()).isEqualTo(CancelReason.INTERRUPTED);
    assertThat(cancelled.byTurnId()).contains("t3");
    then.expectState(state -> assertThat(state.queue()).extracting("turnId").containsExactly("t2"));
  }

  @Test
  void shouldRollBackTheActiveTurnsMessagesAndGiveTheirSequenceNumbersToTheNewTurn() {
    var then =
        fixture()
            .givenCommands(
                submit("t0", "First"),
                new CompleteStep(SESSION, attempt("t0", 1, 1, 1), "Done", usage(), WORKER),
                submit("t1", "Hello"),
                requestCalls(attempt("t1", 1, 1, 2), "", CALLS))
            .when(new SubmitTurn(SESSION, "t2", "Instead", OnBusy.ROLLBACK))
            .expectTypes(
                TurnCancelled.class,
                HistoryRolledBack.class,
                TurnAccepted.class,
                TurnStarted.class,
                MessageAppended.class,
                StepAssigned.class);
    // t0 has seqs 1 and 2; t1 appended its user message (3) and the assistant's calls (4).
    assertThat(then.event(1, HistoryRolledBack.class).removed()).isEqualTo(new HistoryRange(3, 5));
    assertThat(then.event(4, MessageAppended.class).message().seq()).isEqualTo(3);
    assertThat(then.event(0, TurnCancelled.class).reason()).isEqualTo(CancelReason.ROLLED_BACK);
  }

  @Test
  void shouldQueueOrRejectSubmitsWhilePausedAndStartThemOnResume() {
    fixture()
        .givenCommands(pause())
        .when(submit("t1", "Hello"))
        .expectTypes(TurnRejected.class)
        .expectState(state -> assertThat(state.isIdle()).isTrue());
    fixture()
        .givenCommands(pause(), enqueue("t1", "Hello"))
        .when(resume())
        .expectTypes(
            SessionResumed.class, TurnStarted.class, MessageAppended.class, StepAssigned.class);
    fixture()
        .givenCommands(pause())
        .when(enqueue("t1", "Hello"))
        .expectTypes(TurnAccepted.class, TurnQueued.class);
  }

  @Test
  void shouldHoldTheNextStepWhilePausedAndAssignItOnResume() {
    var held =
        fixture()
            .givenCommands(submit("t1", "Hello"), requestCalls(FIRST, "", List.of(READ_A)), pause())
            .when(finish(BATCH, "c1", "a"));
    assertThat(held.events().getLast()).isInstanceOf(DispatchHeld.class);

    fixture()
        .givenCommands(
            submit("t1", "Hello"),
            requestCalls(FIRST, "", List.of(READ_A)),
            pause(),
            finish(BATCH, "c1", "a"))
        .when(resume())
        .expectTypes(SessionResumed.class, StepAssigned.class)
        .expectState(
            state ->
                assertThat(state.activeTurn().orElseThrow().assignment())
                    .contains(attempt("t1", 2, 1, SessionFixture.nthAfter(BATCH, 1))));
  }

  @Test
  void shouldHoldToolCallsWhilePausedAndReleaseThemTogetherOnResume() {
    var then =
        fixture()
            .givenCommands(submit("t1", "Hello"), pause())
            .when(requestCalls(FIRST, "", CALLS));
    assertThat(then.events().getLast())
        .isInstanceOfSatisfying(ToolCallsDispatched.class, d -> assertThat(d.held()).isTrue());

    fixture()
        .givenCommands(submit("t1", "Hello"), pause(), requestCalls(FIRST, "", CALLS))
        .when(resume())
        .expectTypes(SessionResumed.class, ToolCallWaveDispatched.class)
        .expectState(
            state -> {
              ToolBatch batch = state.activeTurn().orElseThrow().tools().orElseThrow();
              assertThat(batch.callsOut()).isEqualTo(CALLS);
              assertThat(batch.ordered()).as("the lock orders them, not the coordinator").isEmpty();
            });
  }

  @Test
  void shouldIgnoreAPauseOfAPausedSessionAndAResumeOfARunningOne() {
    fixture().givenCommands(pause()).when(pause()).expectTypes(CommandIgnored.class);
    fixture().when(resume()).expectTypes(CommandIgnored.class).expectNoStateChange();
    fixture().when(pause()).expectTypes(SessionPaused.class);
  }

  @Test
  void shouldAssignTheAgentStepAgainWithANewTokenWhenItsLeaseExpires() {
    var then =
        fixture()
            .givenCommands(submit("t1", "Hello"))
            .when(new CheckTimers(SESSION), NOW.plus(LEASE).plusMillis(1))
            .expectTypes(StepFailed.class, StepAssigned.class);
    assertThat(then.event(0, StepFailed.class).failure().code()).isEqualTo("LEASE_EXPIRED");
    assertThat(then.event(1, StepAssigned.class).assignment()).isEqualTo(attempt("t1", 1, 2, 2));
  }

  @Test
  void shouldFailTheTurnWhenTheLeaseExpiresOnTheLastAttempt() {
    SessionLimits oneAttempt = SessionLimits.builder().maxStepAttempts(1).build();
    fixture(oneAttempt)
        .givenCommands(submit("t1", "Hello"))
        .when(new CheckTimers(SESSION), NOW.plus(LEASE).plusMillis(1))
        .expectTypes(StepFailed.class, TurnFailed.class);
  }

  @Test
  void shouldKeepTheLeaseWhileTheWorkerRenewsIt() {
    Instant renewed = NOW.plus(LEASE.dividedBy(2));
    fixture()
        .givenCommandsAt(renewed, submit("t1", "Hello"))
        .givenCommandsAt(renewed, new RenewLease(SESSION, FIRST, WORKER))
        .when(new CheckTimers(SESSION), renewed.plus(LEASE).minusMillis(1))
        .expect();
    fixture()
        .givenCommands(submit("t1", "Hello"))
        .when(new RenewLease(SESSION, attempt("t1", 1, 1, 9), WORKER))
        .expectTypes(CommandIgnored.class);
    fixture()
        .givenCommands(submit("t1", "Hello"))
        .when(new RenewLease(SESSION, FIRST, WORKER), renewed)
        .expectTypes(LeaseExtended.class);
  }

  @Test
  void shouldDispatchToolCallsWithoutAResultAgainWhenTheirLeaseExpires() {
    var then =
        fixture()
            .givenCommands(
                submit("t1", "Hello"), requestCalls(FIRST, "", CALLS), finish(BATCH, "c1", "a"))
            .when(new CheckTimers(SESSION), NOW.plus(LEASE).plusMillis(1))
            .expectTypes(ToolCallRedispatched.class, ToolCallRedispatched.class);
    assertThat(then.event(0, ToolCallRedispatched.class).call()).isEqualTo(READ_B);
    assertThat(then.event(1, ToolCallRedispatched.class).reason())
        .isEqualTo(NotStartedReason.LEASE_EXPIRED);
  }

  @Test
  void shouldExpireAnIdleSessionOnlyAfterItsTimeToLive() {
    Duration ttl = Duration.ofMinutes(30);
    SessionLimits expiring = SessionLimits.builder().idleTimeToLive(Optional.of(ttl)).build();
    fixture(expiring)
        .givenCommands(
            submit("t1", "Hello"), new CompleteStep(SESSION, FIRST, "Hi", usage(), WORKER))
        .when(new CheckTimers(SESSION), NOW.plus(ttl))
        .expect();
    fixture(expiring)
        .givenCommands(
            submit("t1", "Hello"), new CompleteStep(SESSION, FIRST, "Hi", usage(), WORKER))
        .when(new CheckTimers(SESSION), NOW.plus(ttl).plusMillis(1))
        .expectTypes(SessionExpired.class)
        .expectState(state -> assertThat(state).isEqualTo(SessionState.empty(SESSION)));
    fixture()
        .givenCommands(
            submit("t1", "Hello"), new CompleteStep(SESSION, FIRST, "Hi", usage(), WORKER))
        .when(new CheckTimers(SESSION), NOW.plus(Duration.ofDays(365)))
        .expect();
  }

  @Test
  void shouldNameTheEarliestTimerOfASession() {
    SessionModel model = new SessionModel(SessionLimits.defaults());
    SessionState running =
        model.decide(SessionState.empty(SESSION), submit("t1", "x"), NOW).state();
    assertThat(SessionTimers.nextDue(running, model.limits())).contains(NOW.plus(LEASE));
    assertThat(SessionTimers.nextDue(SessionState.empty(SESSION), model.limits())).isEmpty();
  }

  private static CancelTurn cancel(String turnId, CancelReason reason) {
    return new CancelTurn(SESSION, turnId, reason, Optional.empty());
  }

  private static PauseSession pause() {
    return new PauseSession(SESSION, Optional.empty());
  }

  private static ResumeSession resume() {
    return new ResumeSession(SESSION, Optional.empty());
  }
}
