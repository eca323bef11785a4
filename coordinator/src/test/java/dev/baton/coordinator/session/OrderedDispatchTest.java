package dev.baton.coordinator.session;

import static dev.baton.coordinator.session.SessionFixture.NOW;
import static dev.baton.coordinator.session.SessionFixture.SESSION;
import static dev.baton.coordinator.session.SessionFixture.TERMS;
import static dev.baton.coordinator.session.SessionFixture.TOKENS;
import static dev.baton.coordinator.session.SessionFixture.TOKENS_PER_CALL;
import static dev.baton.coordinator.session.SessionFixture.WORKER;
import static dev.baton.coordinator.session.SessionFixture.answer;
import static dev.baton.coordinator.session.SessionFixture.attempt;
import static dev.baton.coordinator.session.SessionFixture.dispatchToken;
import static dev.baton.coordinator.session.SessionFixture.enqueue;
import static dev.baton.coordinator.session.SessionFixture.fixture;
import static dev.baton.coordinator.session.SessionFixture.nthAfter;
import static dev.baton.coordinator.session.SessionFixture.running;
import static dev.baton.coordinator.session.ToolCallStepTest.finish;
import static dev.baton.coordinator.session.ToolCallStepTest.notStarted;
import static dev.baton.coordinator.session.ToolCallStepTest.requestCalls;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.coordinator.session.SessionEvent.DispatchModeChanged;
import dev.baton.coordinator.session.SessionEvent.ToolCallDeferred;
import dev.baton.coordinator.session.SessionEvent.ToolCallFinished;
import dev.baton.coordinator.session.SessionEvent.ToolCallRedispatched;
import dev.baton.coordinator.session.SessionEvent.ToolCallWaveDispatched;
import dev.baton.coordinator.session.SessionEvent.ToolCallsDispatched;
import dev.baton.coordinator.session.SessionEvent.ToolResultIgnored;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The fallback for an unreachable Redis: a {@code LOCK_UNAVAILABLE} report switches the turn to
 * ordered dispatch, and the coordinator sends the calls in waves.
 */
class OrderedDispatchTest {

  private static final StepAttempt FIRST = attempt("t1", 1, 1, 1);
  private static final StepAttempt BATCH = attempt("t1", 1, 1, 2);

  /** The step after a batch of one call. */
  private static final StepAttempt SECOND = attempt("t1", 2, 1, nthAfter(BATCH, 1));

  private static final StepAttempt SECOND_BATCH =
      attempt("t1", 2, 1, SECOND.fencingToken() - TOKENS + 1);

  private static final ToolCall R0 = read("c0", 0);
  private static final ToolCall R1 = read("c1", 1);
  private static final ToolCall W2 = write("c2", 2);
  private static final ToolCall R3 = read("c3", 3);
  private static final ToolCall W4 = write("c4", 4);
  private static final ToolCall R5 = read("c5", 5);
  private static final ToolCall R6 = read("c6", 6);
  private static final List<ToolCall> RRWRWRR = List.of(R0, R1, W2, R3, W4, R5, R6);

  @Test
  void shouldSwitchTheTurnToOrderedDispatchWhenRedisIsUnreachable() {
    fixture()
        .given(running("t1", "Hello", 1, 1))
        .givenCommands(requestCalls(FIRST, "", RRWRWRR))
        .when(notStarted(BATCH, "c0", NotStartedReason.LOCK_UNAVAILABLE))
        .expect(
            new DispatchModeChanged(
                SESSION,
                BATCH,
                DispatchMode.PARALLEL,
                DispatchMode.SEQUENTIAL,
                "LOCK_UNAVAILABLE: worker w-1 could not reach Redis for call c0 of read_c0",
                NOW),
            deferred(R0),
            wave(BATCH, RRWRWRR, 2, R0))
        .expectState(
            state -> {
              ActiveTurn turn = state.activeTurn().orElseThrow();
              assertThat(turn.dispatchMode()).isEqualTo(DispatchMode.SEQUENTIAL);
              assertThat(turn.tools().orElseThrow().mode()).isEqualTo(DispatchMode.SEQUENTIAL);
              assertThat(turn.tools().orElseThrow().dispatches())
                  .containsExactly(2, 1, 1, 1, 1, 1, 1);
            });
  }

  @Test
  void shouldSendAReadThatFollowsOnlyReadsAtOnce() {
    fixture()
        .given(running("t1", "Hello", 1, 1))
        .givenCommands(
            requestCalls(FIRST, "", RRWRWRR),
            notStarted(BATCH, "c6", NotStartedReason.LOCK_UNAVAILABLE))
        .when(notStarted(BATCH, "c1", NotStartedReason.LOCK_UNAVAILABLE))
        .expect(deferred(R1), wave(BATCH, RRWRWRR, 2, R1));
  }

  @Test
  void shouldSendConsecutiveReadsTogetherAndEachWriteAloneAfterEverythingBefore() {
    StepAttempt batch = SECOND_BATCH;
    SessionFixture session =
        fixture()
            .given(running("t1", "Hello", 1, 1))
            .givenCommands(
                requestCalls(FIRST, "", List.of(read("x", 0))),
                notStarted(BATCH, "x", NotStartedReason.LOCK_UNAVAILABLE),
                finish(BATCH, "x", "x"));
    session
        .when(requestCalls(SECOND, "", RRWRWRR))
        .expect(
            SessionFixture.stepCompleted(SECOND, 7),
            assistantWithCalls(4, RRWRWRR),
            sequential(batch, RRWRWRR),
            wave(batch, RRWRWRR, R0, R1));
    session.givenCommands(requestCalls(SECOND, "", RRWRWRR));
    // Results out of order: the write waits for both reads.
    session.when(finish(batch, "c1", "r1")).expect(finished(batch, R1, "r1"));
    session.givenCommands(finish(batch, "c1", "r1"));
    session
        .when(finish(batch, "c0", "r0"))
        .expect(finished(batch, R0, "r0"), wave(batch, RRWRWRR, W2));
    session.givenCommands(finish(batch, "c0", "r0"));
    session
        .when(finish(batch, "c2", "w2"))
        .expect(finished(batch, W2, "w2"), wave(batch, RRWRWRR, R3));
    session.givenCommands(finish(batch, "c2", "w2"));
    session
        .when(finish(batch, "c3", "r3"))
        .expect(finished(batch, R3, "r3"), wave(batch, RRWRWRR, W4));
    session.givenCommands(finish(batch, "c3", "r3"));
    session
        .when(finish(batch, "c4", "w4"))
        .expect(finished(batch, W4, "w4"), wave(batch, RRWRWRR, R5, R6));
    session.givenCommands(finish(batch, "c4", "w4"), finish(batch, "c6", "r6"));
    session
        .when(finish(batch, "c5", "r5"))
        .expectState(
            state -> {
              ActiveTurn turn = state.activeTurn().orElseThrow();
              assertThat(turn.tools()).isEmpty();
              assertThat(turn.step()).isEqualTo(3);
              assertThat(turn.dispatchMode()).isEqualTo(DispatchMode.SEQUENTIAL);
            });
  }

  @Test
  void shouldAwaitAnEarlierCallThatRunsUnderTheLockBeforeSendingAWrite() {
    SessionFixture session =
        fixture()
            .given(running("t1", "Hello", 1, 1))
            .givenCommands(requestCalls(FIRST, "", List.of(R0, write("c1", 1), read("c2", 2))));
    // c0 got the lock before Redis went away and is running; c1 and c2 could not reach Redis.
    session
        .when(notStarted(BATCH, "c1", NotStartedReason.LOCK_UNAVAILABLE))
        .expect(
            new DispatchModeChanged(
                SESSION,
                BATCH,
                DispatchMode.PARALLEL,
                DispatchMode.SEQUENTIAL,
                "LOCK_UNAVAILABLE: worker w-1 could not reach Redis for call c1 of write_c1",
                NOW),
            deferred(write("c1", 1)));
    session.givenCommands(notStarted(BATCH, "c1", NotStartedReason.LOCK_UNAVAILABLE));
    session
        .when(notStarted(BATCH, "c2", NotStartedReason.LOCK_UNAVAILABLE))
        .expect(deferred(read("c2", 2)));
    session.givenCommands(notStarted(BATCH, "c2", NotStartedReason.LOCK_UNAVAILABLE));
    session
        .when(finish(BATCH, "c0", "r0"))
        .expect(
            finished(R0, "r0"),
            wave(BATCH, List.of(R0, write("c1", 1), read("c2", 2)), 2, write("c1", 1)));
  }

  @Test
  void shouldAwaitAnEarlierWriteThatRunsUnderTheLockBeforeSendingARead() {
    ToolCall w0 = write("c0", 0);
    SessionFixture session =
        fixture()
            .given(running("t1", "Hello", 1, 1))
            .givenCommands(requestCalls(FIRST, "", List.of(w0, R1)));
    session
        .when(notStarted(BATCH, "c1", NotStartedReason.LOCK_UNAVAILABLE))
        .expect(
            new DispatchModeChanged(
                SESSION,
                BATCH,
                DispatchMode.PARALLEL,
                DispatchMode.SEQUENTIAL,
                "LOCK_UNAVAILABLE: worker w-1 could not reach Redis for call c1 of read_c1",
                NOW),
            deferred(R1));
    session.givenCommands(notStarted(BATCH, "c1", NotStartedReason.LOCK_UNAVAILABLE));
    session
        .when(finish(BATCH, "c0", "w0"))
        .expect(finished(w0, "w0"), wave(BATCH, List.of(w0, R1), 2, R1));
  }

  @Test
  void shouldIgnoreDuplicateAndStaleReportsAndResults() {
    SessionFixture session =
        fixture()
            .given(running("t1", "Hello", 1, 1))
            .givenCommands(
                requestCalls(FIRST, "", List.of(R0, R1, W2)),
                notStarted(BATCH, "c2", NotStartedReason.LOCK_UNAVAILABLE));
    session
        .when(notStarted(BATCH, "c2", NotStartedReason.LOCK_UNAVAILABLE))
        .expect(ignored(BATCH, "c2", IgnoreReason.DUPLICATE_RESULT))
        .expectNoStateChange();
    session.givenCommands(finish(BATCH, "c0", "r0"));
    session
        .when(finish(BATCH, "c0", "again"))
        .expect(ignored(BATCH, "c0", IgnoreReason.DUPLICATE_RESULT))
        .expectNoStateChange();
    session
        .when(finish(FIRST, "c1", "stale"))
        .expect(ignored(FIRST, "c1", IgnoreReason.STALE_FENCING_TOKEN))
        .expectNoStateChange();
  }

  @Test
  void shouldIgnoreALockFailureOfACallThatIsOutByOrderedDispatch() {
    // c0's LOCK_UNAVAILABLE report arrives twice; the second time c0 is out, ordered, and running
    // without the lock, so the report is of the earlier dispatch.
    fixture()
        .given(running("t1", "Hello", 1, 1))
        .givenCommands(
            requestCalls(FIRST, "", List.of(R0, R1)),
            notStarted(BATCH, "c0", NotStartedReason.LOCK_UNAVAILABLE))
        .when(notStarted(BATCH, "c0", NotStartedReason.LOCK_UNAVAILABLE))
        .expect(ignored(BATCH, "c0", IgnoreReason.DUPLICATE_RESULT))
        .expectNoStateChange();
  }

  @Test
  void shouldSendAgainAnOrderedCallThatAWorkerDidNotStartForAnotherReason() {
    fixture()
        .given(running("t1", "Hello", 1, 1))
        .givenCommands(
            requestCalls(FIRST, "", List.of(R0, R1)),
            notStarted(BATCH, "c0", NotStartedReason.LOCK_UNAVAILABLE))
        .when(notStarted(BATCH, "c0", NotStartedReason.SHUTTING_DOWN))
        .expect(
            new ToolCallDeferred(SESSION, BATCH, R0, NotStartedReason.SHUTTING_DOWN, NOW),
            wave(BATCH, List.of(R0, R1), 3, R0));
  }

  @Test
  void shouldDispatchTheTurnsLaterStepsInOrderFromTheStart() {
    SessionFixture session =
        fixture()
            .given(running("t1", "Hello", 1, 1))
            .givenCommands(
                requestCalls(FIRST, "", List.of(R0)),
                notStarted(BATCH, "c0", NotStartedReason.LOCK_UNAVAILABLE),
                finish(BATCH, "c0", "r0"));
    List<ToolCall> next = List.of(read("d0", 0), write("d1", 1));
    session
        .when(requestCalls(SECOND, "", next))
        .expect(
            SessionFixture.stepCompleted(SECOND, 2),
            assistantWithCalls(4, next),
            sequential(SECOND_BATCH, next),
            wave(SECOND_BATCH, next, read("d0", 0)));
  }

  @Test
  void shouldStartTheNextTurnWithTheLockAgain() {
    fixture()
        .given(running("t1", "Hello", 1, 1))
        .givenCommands(
            enqueue("t2", "Next"),
            requestCalls(FIRST, "", List.of(R0)),
            notStarted(BATCH, "c0", NotStartedReason.LOCK_UNAVAILABLE),
            finish(BATCH, "c0", "r0"))
        .when(answer(SECOND, "Done"))
        .expectState(
            state -> {
              ActiveTurn turn = state.activeTurn().orElseThrow();
              assertThat(turn.turnId()).isEqualTo("t2");
              assertThat(turn.dispatchMode()).isEqualTo(DispatchMode.PARALLEL);
            });
  }

  @Test
  void shouldRedispatchAtOnceForOtherReasonsWhileParallel() {
    fixture()
        .given(running("t1", "Hello", 1, 1))
        .givenCommands(requestCalls(FIRST, "", List.of(R0, R1)))
        .when(notStarted(BATCH, "c1", NotStartedReason.SHUTTING_DOWN))
        .expect(
            new ToolCallRedispatched(
                SESSION,
                BATCH,
                R1,
                NotStartedReason.SHUTTING_DOWN,
                2,
                List.of(OperationClass.READ, OperationClass.READ),
                DispatchMode.PARALLEL,
                TERMS,
                dispatchToken(BATCH, 1, 2),
                NOW));
  }

  @Test
  void shouldNeverSendAWriteWhileAnEarlierCallIsOut() {
    ToolBatch batch =
        new ToolBatch(
            BATCH,
            DispatchMode.SEQUENTIAL,
            List.of(R0, write("c1", 1)),
            List.of(),
            List.of(1, 1),
            List.of(1),
            List.of(),
            0);
    assertThat(batch.nextWave()).isEmpty();
    assertThat(batch.withResult(new ToolResult("c0", "r0", false)).nextWave())
        .containsExactly(write("c1", 1));
  }

  // Shorthands.

  private static ToolCall read(String callId, int index) {
    return new ToolCall(callId, index, "read_" + callId, "{}", OperationClass.READ);
  }

  private static ToolCall write(String callId, int index) {
    return new ToolCall(callId, index, "write_" + callId, "{}", OperationClass.WRITE);
  }

  private static ToolCallsDispatched sequential(StepAttempt batch, List<ToolCall> calls) {
    return new ToolCallsDispatched(
        SESSION, batch, DispatchMode.SEQUENTIAL, calls, false, TERMS, TOKENS_PER_CALL, NOW);
  }

  private static ToolCallDeferred deferred(ToolCall call) {
    return new ToolCallDeferred(SESSION, BATCH, call, NotStartedReason.LOCK_UNAVAILABLE, NOW);
  }

  /** A wave that sends {@code calls} as their first dispatch. */
  private static ToolCallWaveDispatched wave(
      StepAttempt batch, List<ToolCall> stepCalls, ToolCall... calls) {
    return wave(batch, stepCalls, 1, calls);
  }

  /** A wave that sends {@code calls} as their dispatch {@code dispatch}. */
  private static ToolCallWaveDispatched wave(
      StepAttempt batch, List<ToolCall> stepCalls, int dispatch, ToolCall... calls) {
    List<OperationClass> classes = stepCalls.stream().map(ToolCall::operationClass).toList();
    List<Long> tokens =
        Stream.of(calls).map(call -> dispatchToken(batch, call.index(), dispatch)).toList();
    return new ToolCallWaveDispatched(
        SESSION, batch, List.of(calls), classes, DispatchMode.SEQUENTIAL, TERMS, tokens, NOW);
  }

  private static ToolCallFinished finished(ToolCall call, String content) {
    return finished(BATCH, call, content);
  }

  private static ToolCallFinished finished(StepAttempt batch, ToolCall call, String content) {
    return new ToolCallFinished(
        SESSION,
        batch,
        call,
        new ToolResult(call.callId(), content, false),
        NOW.minusMillis(300),
        NOW.minusMillis(100),
        7,
        "w-1",
        OptionalLong.empty(),
        NOW);
  }

  private static ToolResultIgnored ignored(StepAttempt batch, String callId, IgnoreReason reason) {
    return new ToolResultIgnored(SESSION, batch, callId, WORKER, reason, NOW);
  }

  private static SessionEvent.MessageAppended assistantWithCalls(long seq, List<ToolCall> calls) {
    return new SessionEvent.MessageAppended(
        SESSION,
        new Message(seq, Message.Role.ASSISTANT, "", "t1", calls, java.util.Optional.empty()),
        NOW);
  }
}
