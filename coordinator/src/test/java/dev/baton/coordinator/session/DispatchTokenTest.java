package dev.baton.coordinator.session;

import static dev.baton.coordinator.session.SessionFixture.NOW;
import static dev.baton.coordinator.session.SessionFixture.SESSION;
import static dev.baton.coordinator.session.SessionFixture.WORKER;
import static dev.baton.coordinator.session.SessionFixture.attempt;
import static dev.baton.coordinator.session.SessionFixture.dispatchToken;
import static dev.baton.coordinator.session.SessionFixture.fixture;
import static dev.baton.coordinator.session.SessionFixture.running;
import static dev.baton.coordinator.session.SessionFixture.tokenAfter;
import static dev.baton.coordinator.session.ToolCallStepTest.requestCalls;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.coordinator.session.SessionCommand.CheckTimers;
import dev.baton.coordinator.session.SessionCommand.FinishToolCall;
import dev.baton.coordinator.session.SessionCommand.RenewLease;
import dev.baton.coordinator.session.SessionCommand.ReportToolCallNotStarted;
import dev.baton.coordinator.session.SessionEvent.StepAssigned;
import dev.baton.coordinator.session.SessionEvent.ToolCallDeferred;
import dev.baton.coordinator.session.SessionEvent.ToolCallFinished;
import dev.baton.coordinator.session.SessionEvent.ToolCallRedispatched;
import dev.baton.coordinator.session.SessionEvent.ToolCallWaveDispatched;
import dev.baton.coordinator.session.SessionEvent.ToolResultIgnored;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * Every dispatch of a tool call has its own token: a report or result of a dispatch the coordinator
 * gave up on cannot pass for the current one's, and the tokens grow in the order conflicting calls
 * run, so a tool's store can refuse a zombie's write.
 */
class DispatchTokenTest {

  private static final StepAttempt FIRST = attempt("t1", 1, 1, 1);
  private static final StepAttempt BATCH = attempt("t1", 1, 1, 2);
  private static final ToolCall W0 = new ToolCall("c0", 0, "write_a", "{}", OperationClass.WRITE);
  private static final ToolCall W1 = new ToolCall("c1", 1, "write_b", "{}", OperationClass.WRITE);
  private static final List<ToolCall> WW = List.of(W0, W1);
  private static final Instant LEASE_OVER = NOW.plus(SessionLimits.DEFAULT_LEASE).plusMillis(1);

  @Test
  void shouldGiveEveryDispatchOfACallAGreaterTokenThanItsEarlierOnesAndThanEarlierCalls() {
    SessionFixture session =
        fixture().given(running("t1", "Hello", 1, 1)).givenCommands(requestCalls(FIRST, "", WW));
    // Call 0's worker died before it started: its lease expires twice.
    ToolCallRedispatched second =
        session.when(new CheckTimers(SESSION), LEASE_OVER).event(0, ToolCallRedispatched.class);
    session.givenCommandsAt(LEASE_OVER, new CheckTimers(SESSION));
    ToolCallRedispatched third =
        session
            .when(
                new CheckTimers(SESSION),
                LEASE_OVER.plus(SessionLimits.DEFAULT_LEASE).plusMillis(1))
            .event(0, ToolCallRedispatched.class);

    assertThat(second.call()).isEqualTo(W0);
    assertThat(List.of(BATCH.fencingToken(), second.dispatchToken(), third.dispatchToken()))
        .isSorted()
        .doesNotHaveDuplicates();
    assertThat(third.dispatchToken())
        .as("every dispatch of call 0 runs before call 1, whose token is greater")
        .isLessThan(dispatchToken(BATCH, 1, 1));
  }

  @Test
  void shouldIgnoreANotStartedReportOfAnEarlierDispatchAndNotSendTheCallAgain() {
    SessionFixture session = outAgainAfterTheLease();
    // Dispatch 2 of c0 is out and may run under the lock; dispatch 1 reports late that it found
    // Redis unreachable. That must not switch to ordered dispatch and send c0 out once more.
    long first = dispatchToken(BATCH, 0, 1);
    session
        .when(notStarted("c0", NotStartedReason.LOCK_UNAVAILABLE, first), LEASE_OVER)
        .expect(ignored("c0", IgnoreReason.STALE_FENCING_TOKEN, first, LEASE_OVER))
        .expectNoStateChange();
  }

  @Test
  void shouldSendTheCallAgainWhenItsCurrentDispatchDidNotStart() {
    SessionFixture session = outAgainAfterTheLease();
    session
        .when(
            notStarted("c0", NotStartedReason.SHUTTING_DOWN, dispatchToken(BATCH, 0, 2)),
            LEASE_OVER)
        .expectTypes(ToolCallRedispatched.class)
        .expectState(state -> assertThat(dispatches(state)).containsExactly(3, 2));
  }

  @Test
  void shouldIgnoreALateResultOfAnEarlierOrderedDispatchWhileTheCurrentOneRuns() {
    // Redis is unreachable: c0 goes out in order, without the lock; its worker hangs past the
    // lease and c0 goes out again. Only the current dispatch's result counts.
    SessionFixture session =
        fixture()
            .given(running("t1", "Hello", 1, 1))
            .givenCommands(
                requestCalls(FIRST, "", WW),
                notStarted("c0", NotStartedReason.LOCK_UNAVAILABLE, dispatchToken(BATCH, 0, 1)));
    Instant over = NOW.plus(SessionLimits.DEFAULT_LEASE).plusMillis(1);
    ToolCallWaveDispatched resent =
        session.when(new CheckTimers(SESSION), over).event(1, ToolCallWaveDispatched.class);
    assertThat(session.when(new CheckTimers(SESSION), over).events().getFirst())
        .isInstanceOf(ToolCallDeferred.class); // the zombie's dispatch is given up on
    session.givenCommandsAt(over, new CheckTimers(SESSION));
    long zombie = dispatchToken(BATCH, 0, 2);
    assertThat(resent.dispatchTokens()).containsExactly(dispatchToken(BATCH, 0, 3));

    session
        .when(finish("c0", "zombie wrote", zombie), over)
        .expect(ignored("c0", IgnoreReason.STALE_FENCING_TOKEN, zombie, over))
        .expectNoStateChange();
    session
        .when(finish("c0", "written", dispatchToken(BATCH, 0, 3)), over)
        .expectTypes(ToolCallFinished.class, ToolCallWaveDispatched.class);
  }

  @Test
  void shouldAcceptAResultOfAnEarlierDispatchWhileEveryDispatchTookTheLock() {
    // Under the turn lock the current dispatch waits for the earlier one and then finds the call
    // finished, publishing nothing: the earlier dispatch's result is the call's.
    SessionFixture session =
        fixture()
            .given(running("t1", "Hello", 1, 1))
            .givenCommands(requestCalls(FIRST, "", List.of(W0)))
            .givenCommandsAt(LEASE_OVER, new CheckTimers(SESSION));
    ToolCallFinished accepted =
        session
            .when(finish("c0", "written", dispatchToken(BATCH, 0, 1)), LEASE_OVER)
            .expectTypes(
                ToolCallFinished.class, SessionEvent.MessageAppended.class, StepAssigned.class)
            .event(0, ToolCallFinished.class);
    assertThat(accepted.dispatchToken())
        .as("the earlier dispatch's result won, not the current dispatch")
        .hasValue(dispatchToken(BATCH, 0, 1));
  }

  @Test
  void shouldNotLetARenewalOfAnEarlierDispatchKeepTheCurrentDispatchsLeaseAlive() {
    // c0's first worker hangs past the lease and c0 goes out again; the zombie keeps renewing.
    SessionFixture session = outAgainAfterTheLease();
    long zombie = dispatchToken(BATCH, 0, 1);
    Instant renewedAt = LEASE_OVER.plus(SessionLimits.DEFAULT_LEASE.dividedBy(2));
    session
        .when(renewal("c0", OptionalLong.of(zombie)), renewedAt)
        .expect(ignored("c0", IgnoreReason.STALE_FENCING_TOKEN, zombie, renewedAt))
        .expectNoStateChange();
    session
        .givenCommandsAt(renewedAt, renewal("c0", OptionalLong.of(zombie)))
        .when(new CheckTimers(SESSION), LEASE_OVER.plus(SessionLimits.DEFAULT_LEASE).plusMillis(1))
        .expectTypes(ToolCallRedispatched.class, ToolCallRedispatched.class);
  }

  @Test
  void shouldExtendTheLeaseOnARenewalOfTheCurrentDispatchOrOneThatNamesNone() {
    SessionFixture session = outAgainAfterTheLease();
    session
        .when(renewal("c0", OptionalLong.of(dispatchToken(BATCH, 0, 2))), LEASE_OVER)
        .expectTypes(SessionEvent.LeaseExtended.class);
    session // a worker that predates dispatch tokens
        .when(renewal("c0", OptionalLong.empty()), LEASE_OVER)
        .expectTypes(SessionEvent.LeaseExtended.class);
  }

  @Test
  void shouldIgnoreARenewalOfADispatchNotMadeYetOrOfAnUnknownCall() {
    long future = dispatchToken(BATCH, 0, 2);
    SessionFixture session =
        fixture().given(running("t1", "Hello", 1, 1)).givenCommands(requestCalls(FIRST, "", WW));
    session
        .when(renewal("c0", OptionalLong.of(future)))
        .expect(ignored("c0", IgnoreReason.UNKNOWN_ASSIGNMENT, future, NOW))
        .expectNoStateChange();
    session
        .when(renewal("c9", OptionalLong.of(future)))
        .expect(ignored("c9", IgnoreReason.UNKNOWN_CALL, future, NOW))
        .expectNoStateChange();
  }

  @Test
  void shouldIgnoreAReportOfADispatchNotMadeYet() {
    long future = dispatchToken(BATCH, 0, 2);
    fixture()
        .given(running("t1", "Hello", 1, 1))
        .givenCommands(requestCalls(FIRST, "", WW))
        .when(notStarted("c0", NotStartedReason.LOCK_TIMEOUT, future))
        .expect(ignored("c0", IgnoreReason.UNKNOWN_ASSIGNMENT, future, NOW))
        .expectNoStateChange();
  }

  @Test
  void shouldTakeAReportWithoutDispatchTokenForTheCurrentDispatch() {
    // A worker that predates dispatch tokens.
    outAgainAfterTheLease()
        .when(
            new ReportToolCallNotStarted(
                SESSION, BATCH, "c0", NotStartedReason.SHUTTING_DOWN, WORKER, OptionalLong.empty()),
            LEASE_OVER)
        .expectTypes(ToolCallRedispatched.class);
  }

  @Test
  void shouldGiveTheNextStepAGreaterTokenThanEveryDispatchTheBatchMayMake() {
    StepAssigned next =
        fixture()
            .given(running("t1", "Hello", 1, 1))
            .givenCommands(
                requestCalls(FIRST, "", WW), finish("c0", "a", dispatchToken(BATCH, 0, 1)))
            .when(finish("c1", "b", dispatchToken(BATCH, 1, 1)))
            .event(3, StepAssigned.class);
    int lastDispatch = SessionLimits.DEFAULT_MAX_STEP_ATTEMPTS + 1;
    assertThat(next.assignment().fencingToken())
        .isEqualTo(tokenAfter(BATCH, 2))
        .isGreaterThan(dispatchToken(BATCH, 1, lastDispatch));
  }

  @Test
  void shouldHaveNoTokenForADispatchPastTheCallsReservedOnes() {
    ToolBatch batch =
        new ToolBatch(
            BATCH, DispatchMode.PARALLEL, WW, List.of(), List.of(1, 1), List.of(), List.of(), 2);
    assertThat(batch.dispatchToken(1, 2)).hasValue(BATCH.fencingToken() + 3);
    assertThat(batch.dispatchToken(1, 3)).isEmpty();
    assertThat(batch.lastToken()).isEqualTo(BATCH.fencingToken() + 3);
  }

  /** Both calls out, and out again as their dispatch 2 once their lease ran out. */
  private static SessionFixture outAgainAfterTheLease() {
    return fixture()
        .given(running("t1", "Hello", 1, 1))
        .givenCommands(requestCalls(FIRST, "", WW))
        .givenCommandsAt(LEASE_OVER, new CheckTimers(SESSION));
  }

  private static List<Integer> dispatches(SessionState state) {
    return state.activeTurn().orElseThrow().tools().orElseThrow().dispatches();
  }

  private static ReportToolCallNotStarted notStarted(
      String callId, NotStartedReason reason, long dispatchToken) {
    return new ReportToolCallNotStarted(
        SESSION, BATCH, callId, reason, WORKER, OptionalLong.of(dispatchToken));
  }

  private static RenewLease renewal(String callId, OptionalLong dispatchToken) {
    return new RenewLease(SESSION, BATCH, WORKER, Optional.of(callId), dispatchToken);
  }

  private static FinishToolCall finish(String callId, String content, long dispatchToken) {
    return new FinishToolCall(
        SESSION,
        BATCH,
        new ToolResult(callId, content, false),
        NOW,
        NOW,
        0,
        WORKER,
        OptionalLong.of(dispatchToken));
  }

  private static ToolResultIgnored ignored(
      String callId, IgnoreReason reason, long dispatchToken, Instant at) {
    return new ToolResultIgnored(
        SESSION, BATCH, callId, WORKER, reason, OptionalLong.of(dispatchToken), at);
  }
}
