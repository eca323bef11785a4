package dev.baton.coordinator.session;

import static dev.baton.coordinator.session.SessionFixture.NOW;
import static dev.baton.coordinator.session.SessionFixture.SESSION;
import static dev.baton.coordinator.session.SessionFixture.attempt;
import static dev.baton.coordinator.session.SessionFixture.fixture;
import static dev.baton.coordinator.session.SessionFixture.running;
import static dev.baton.coordinator.session.ToolCallStepTest.finish;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.coordinator.session.SessionCommand.CheckTimers;
import dev.baton.coordinator.session.SessionCommand.DecideToolCallApproval;
import dev.baton.coordinator.session.SessionCommand.PauseSession;
import dev.baton.coordinator.session.SessionCommand.RequestToolCalls;
import dev.baton.coordinator.session.SessionCommand.ResumeSession;
import dev.baton.coordinator.session.SessionEvent.ApprovalRefused;
import dev.baton.coordinator.session.SessionEvent.DispatchModeChanged;
import dev.baton.coordinator.session.SessionEvent.MessageAppended;
import dev.baton.coordinator.session.SessionEvent.SessionPaused;
import dev.baton.coordinator.session.SessionEvent.SessionResumed;
import dev.baton.coordinator.session.SessionEvent.StepAssigned;
import dev.baton.coordinator.session.SessionEvent.StepCompleted;
import dev.baton.coordinator.session.SessionEvent.ToolCallApprovalDecided;
import dev.baton.coordinator.session.SessionEvent.ToolCallAwaitingApproval;
import dev.baton.coordinator.session.SessionEvent.ToolCallFinished;
import dev.baton.coordinator.session.SessionEvent.ToolCallWaveDispatched;
import dev.baton.coordinator.session.SessionEvent.ToolCallsDispatched;
import dev.baton.coordinator.session.SessionEvent.TurnFailed;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Tool calls that wait for a person's approval: held durably while the step's other calls run, then
 * approved (as asked, or edited), denied, or decided at their deadline; never run twice.
 */
class ToolApprovalTest {

  private static final Duration TIMEOUT = Duration.ofMinutes(2);
  private static final ApprovalPolicy DENY_LATE =
      new ApprovalPolicy(Set.of("deploy"), TIMEOUT, ApprovalPolicy.ApprovalTimeout.DENY);
  private static final ApprovalPolicy FAIL_LATE =
      new ApprovalPolicy(Set.of("deploy"), TIMEOUT, ApprovalPolicy.ApprovalTimeout.FAIL_TURN);

  private static final StepAttempt FIRST = attempt("t1", 1, 1, 1);
  private static final StepAttempt BATCH = attempt("t1", 1, 1, 2);
  private static final Instant LATE = NOW.plus(TIMEOUT).plusMillis(1);

  /** A read before the call that needs approval, the call (a write), and a read after it. */
  private static final List<ToolCallRequest> READ_DEPLOY_READ =
      List.of(
          new ToolCallRequest("c0", "read_a", "{}", Optional.empty()),
          new ToolCallRequest("c1", "deploy", "{\"to\":\"prod\"}", Optional.empty()),
          new ToolCallRequest("c2", "read_b", "{}", Optional.empty()));

  @Test
  void shouldHoldTheCallAndWhatWaitsForItWhileTheOtherCallsRunAndFinish() {
    SessionFixture session = holding(DENY_LATE);
    SessionFixture.Then then =
        fixture(DENY_LATE)
            .given(running("t1", "Hello", 1, 1))
            .when(request(READ_DEPLOY_READ))
            .expectTypes(
                StepCompleted.class,
                MessageAppended.class,
                ToolCallsDispatched.class,
                ToolCallAwaitingApproval.class,
                ToolCallWaveDispatched.class);
    ToolCallsDispatched dispatched = then.event(2, ToolCallsDispatched.class);
    assertThat(dispatched.held()).isTrue();
    assertThat(dispatched.heldWhilePaused()).as("held for the approval, not a pause").isFalse();
    ToolCallAwaitingApproval awaiting = then.event(3, ToolCallAwaitingApproval.class);
    assertThat(awaiting.call().callId()).isEqualTo("c1");
    assertThat(awaiting.call().argumentsJson()).isEqualTo("{\"to\":\"prod\"}");
    assertThat(awaiting.deadline()).isEqualTo(NOW.plus(TIMEOUT));
    assertThat(awaiting.approvers()).isEqualTo("turns:write");
    assertThat(callIds(then.event(4, ToolCallWaveDispatched.class)))
        .as("the read before the call goes out; the read after it waits behind the write")
        .containsExactly("c0");

    session
        .when(finish(BATCH, "c0", "a"))
        .expectTypes(ToolCallFinished.class)
        .expectState(
            state -> {
              ToolBatch batch = state.activeTurn().orElseThrow().tools().orElseThrow();
              assertThat(batch.callsOut()).as("nothing is out: no lease runs").isEmpty();
              assertThat(batch.approvals().awaiting()).containsExactly(1);
              assertThat(SessionTimers.nextDue(state, SessionLimits.defaults()))
                  .as("the approval's deadline is the session's next timer")
                  .contains(NOW.plus(TIMEOUT));
            });
  }

  @Test
  void shouldSendAnApprovedCallWithTheCallsItHeldBackUnderTheTurnLock() {
    SessionFixture session = holding(DENY_LATE).givenCommands(finish(BATCH, "c0", "a"));
    SessionFixture.Then then =
        session
            .when(decide("c1", true, Optional.empty()))
            .expectTypes(ToolCallApprovalDecided.class, ToolCallWaveDispatched.class);
    assertThat(then.event(0, ToolCallApprovalDecided.class).decision())
        .isEqualTo(ApprovalDecision.APPROVED);
    ToolCallWaveDispatched wave = then.event(1, ToolCallWaveDispatched.class);
    assertThat(wave.mode()).isEqualTo(DispatchMode.PARALLEL);
    assertThat(callIds(wave)).containsExactly("c1", "c2");
    session.givenCommands(decide("c1", true, Optional.empty()), finish(BATCH, "c1", "deployed"));
    session
        .when(finish(BATCH, "c2", "b"))
        .expectTypes(
            ToolCallFinished.class,
            MessageAppended.class,
            MessageAppended.class,
            MessageAppended.class,
            StepAssigned.class);
  }

  @Test
  void shouldRunAnApprovedCallWithTheApproversArguments() {
    String edited = "{\"to\":\"staging\"}";
    SessionFixture.Then then = holding(DENY_LATE).when(decide("c1", true, Optional.of(edited)));
    assertThat(then.event(0, ToolCallApprovalDecided.class).argumentsJson()).isEqualTo(edited);
    assertThat(then.event(1, ToolCallWaveDispatched.class).calls().getFirst().argumentsJson())
        .isEqualTo(edited);
  }

  @Test
  void shouldGiveADeniedCallItsDenialAsResultAndOrderTheCallsItHeldBack() {
    SessionFixture session = holding(DENY_LATE).givenCommands(finish(BATCH, "c0", "a"));
    SessionFixture.Then then =
        session
            .when(
                new DecideToolCallApproval(
                    SESSION,
                    "t1",
                    "c1",
                    false,
                    Optional.empty(),
                    Optional.of("not today"),
                    "tok-1"))
            .expectTypes(
                ToolCallApprovalDecided.class,
                DispatchModeChanged.class,
                ToolCallWaveDispatched.class);
    ToolCallApprovalDecided denied = then.event(0, ToolCallApprovalDecided.class);
    assertThat(denied.denial().orElseThrow().content())
        .isEqualTo("Not run: the call of deploy was denied by tok-1: not today");
    assertThat(denied.denial().orElseThrow().isError()).isTrue();
    ToolCallWaveDispatched wave = then.event(2, ToolCallWaveDispatched.class);
    assertThat(wave.mode())
        .as("the denied call never takes its place in the turn lock: the rest go in order")
        .isEqualTo(DispatchMode.SEQUENTIAL);
    assertThat(callIds(wave)).containsExactly("c2");
    session.givenCommands(
        new DecideToolCallApproval(
            SESSION, "t1", "c1", false, Optional.empty(), Optional.of("not today"), "tok-1"));
    session
        .when(finish(BATCH, "c2", "b"))
        .expectState(
            state ->
                assertThat(state.activeTurn().orElseThrow().assignment())
                    .as("every call has its result: the next step")
                    .isPresent());
  }

  @Test
  void shouldCompleteTheBatchWhenTheLastCallIsDenied() {
    SessionFixture session =
        holding(DENY_LATE)
            .givenCommands(finish(BATCH, "c0", "a"), decide("c1", true, Optional.empty()));
    session.givenCommands(finish(BATCH, "c2", "b"));
    // c1 was approved and is out: a decision on it now is refused, and it is not sent again.
    session
        .when(decide("c1", false, Optional.empty()))
        .expect(
            new ApprovalRefused(
                SESSION,
                "t1",
                "c1",
                ApprovalRefusal.NOT_AWAITING,
                "call c1 of deploy does not await approval",
                NOW));
  }

  @Test
  void shouldDenyTheCallsStillWaitingAtTheDeadline() {
    SessionFixture session = holding(DENY_LATE).givenCommands(finish(BATCH, "c0", "a"));
    SessionFixture.Then early = session.when(new CheckTimers(SESSION), NOW.plus(TIMEOUT));
    assertThat(early.events()).as("not due yet").isEmpty();
    SessionFixture.Then then =
        session
            .when(new CheckTimers(SESSION), LATE)
            .expectTypes(
                ToolCallApprovalDecided.class,
                DispatchModeChanged.class,
                ToolCallWaveDispatched.class);
    ToolCallApprovalDecided expired = then.event(0, ToolCallApprovalDecided.class);
    assertThat(expired.decision()).isEqualTo(ApprovalDecision.EXPIRED);
    assertThat(expired.decidedBy()).isEqualTo("deadline");
  }

  @Test
  void shouldFailTheTurnAtTheDeadlineWhenThePolicySaysSo() {
    SessionFixture.Then then = holding(FAIL_LATE).when(new CheckTimers(SESSION), LATE);
    TurnFailed failed =
        then.events().stream()
            .filter(TurnFailed.class::isInstance)
            .map(TurnFailed.class::cast)
            .findFirst()
            .orElseThrow();
    assertThat(failed.failure().code()).isEqualTo(FailureCode.APPROVAL_EXPIRED.name());
    assertThat(failed.failure().message()).contains("c1 (deploy)");
  }

  @Test
  void shouldRefuseADecisionForAnotherTurnOrAnUnknownCall() {
    SessionFixture session = holding(DENY_LATE);
    assertThat(session.when(decideIn("t9", "c1")).event(0, ApprovalRefused.class).refusal())
        .isEqualTo(ApprovalRefusal.TURN_NOT_ACTIVE);
    assertThat(session.when(decideIn("t1", "c9")).event(0, ApprovalRefused.class).refusal())
        .isEqualTo(ApprovalRefusal.CALL_NOT_FOUND);
    assertThat(session.when(decideIn("t1", "c0")).event(0, ApprovalRefused.class).refusal())
        .as("a call that needed no approval")
        .isEqualTo(ApprovalRefusal.NOT_AWAITING);
    session.when(decideIn("t9", "c1")).expectNoStateChange();
  }

  @Test
  void shouldRefuseAnEditLargerThanAToolCallMayBe() {
    String huge = "{\"x\":\"" + "x".repeat(PayloadLimits.DEFAULT_MAX_TOOL_CALL_BYTES) + "\"}";
    assertThat(
            holding(DENY_LATE)
                .when(decide("c1", true, Optional.of(huge)))
                .event(0, ApprovalRefused.class)
                .refusal())
        .isEqualTo(ApprovalRefusal.ARGUMENTS_TOO_LARGE);
  }

  @Test
  void shouldKeepAnApprovedCallBackWhileTheSessionIsPausedAndSendItOnResume() {
    SessionFixture session =
        holding(DENY_LATE)
            .givenCommands(finish(BATCH, "c0", "a"), new PauseSession(SESSION, Optional.empty()));
    session.when(decide("c1", true, Optional.empty())).expectTypes(ToolCallApprovalDecided.class);
    session.givenCommands(decide("c1", true, Optional.empty()));
    SessionFixture.Then then =
        session
            .when(new ResumeSession(SESSION, Optional.empty()))
            .expectTypes(SessionResumed.class, ToolCallWaveDispatched.class);
    assertThat(callIds(then.event(1, ToolCallWaveDispatched.class))).containsExactly("c1", "c2");
  }

  @Test
  void shouldHoldEveryCallOfABatchAskedForWhilePausedUntilResumeThenStillWaitForTheApproval() {
    SessionFixture session =
        fixture(DENY_LATE)
            .given(running("t1", "Hello", 1, 1))
            .givenCommands(new PauseSession(SESSION, Optional.empty()), request(READ_DEPLOY_READ));
    SessionFixture.Then then =
        session
            .when(new ResumeSession(SESSION, Optional.empty()))
            .expectTypes(SessionResumed.class, ToolCallWaveDispatched.class);
    assertThat(callIds(then.event(1, ToolCallWaveDispatched.class))).containsExactly("c0");
    assertThat(SessionPaused.class).isNotNull();
  }

  @Test
  void shouldTakeAWorkersDeclarationThatItsToolNeedsApproval() {
    List<ToolCallRequest> declared =
        List.of(new ToolCallRequest("c0", "read_x", "{}", Optional.empty(), true));
    fixture(ApprovalPolicy.DEFAULTS)
        .given(running("t1", "Hello", 1, 1))
        .when(request(declared))
        .expectTypes(
            StepCompleted.class,
            MessageAppended.class,
            ToolCallsDispatched.class,
            ToolCallAwaitingApproval.class);
  }

  // Shorthands.

  /** A running turn whose first step asked for {@link #READ_DEPLOY_READ}. */
  private static SessionFixture holding(ApprovalPolicy policy) {
    return fixture(policy)
        .given(running("t1", "Hello", 1, 1))
        .givenCommands(request(READ_DEPLOY_READ));
  }

  private static RequestToolCalls request(List<ToolCallRequest> calls) {
    return new RequestToolCalls(
        SESSION, FIRST, "", calls, SessionFixture.usage(), SessionFixture.WORKER);
  }

  private static DecideToolCallApproval decide(
      String callId, boolean approve, Optional<String> arguments) {
    return new DecideToolCallApproval(
        SESSION, "t1", callId, approve, arguments, Optional.empty(), "tok-1");
  }

  private static DecideToolCallApproval decideIn(String turnId, String callId) {
    return new DecideToolCallApproval(
        SESSION, turnId, callId, true, Optional.empty(), Optional.empty(), "tok-1");
  }

  private static List<String> callIds(ToolCallWaveDispatched wave) {
    return wave.calls().stream().map(ToolCall::callId).toList();
  }
}
