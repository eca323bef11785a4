package dev.baton.coordinator.session;

import static dev.baton.coordinator.session.SessionFixture.NOW;
import static dev.baton.coordinator.session.SessionFixture.SESSION;
import static dev.baton.coordinator.session.SessionFixture.TERMS;
import static dev.baton.coordinator.session.SessionFixture.TOKENS;
import static dev.baton.coordinator.session.SessionFixture.TOKENS_PER_CALL;
import static dev.baton.coordinator.session.SessionFixture.WORKER;
import static dev.baton.coordinator.session.SessionFixture.answer;
import static dev.baton.coordinator.session.SessionFixture.assigned;
import static dev.baton.coordinator.session.SessionFixture.assistantMessage;
import static dev.baton.coordinator.session.SessionFixture.attempt;
import static dev.baton.coordinator.session.SessionFixture.completed;
import static dev.baton.coordinator.session.SessionFixture.dispatchToken;
import static dev.baton.coordinator.session.SessionFixture.enqueue;
import static dev.baton.coordinator.session.SessionFixture.failed;
import static dev.baton.coordinator.session.SessionFixture.fixture;
import static dev.baton.coordinator.session.SessionFixture.nthAfter;
import static dev.baton.coordinator.session.SessionFixture.running;
import static dev.baton.coordinator.session.SessionFixture.started;
import static dev.baton.coordinator.session.SessionFixture.stepCompleted;
import static dev.baton.coordinator.session.SessionFixture.tokenAfter;
import static dev.baton.coordinator.session.SessionFixture.usage;
import static dev.baton.coordinator.session.SessionFixture.userMessage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.coordinator.session.SessionCommand.FinishToolCall;
import dev.baton.coordinator.session.SessionCommand.ReportToolCallNotStarted;
import dev.baton.coordinator.session.SessionCommand.RequestToolCalls;
import dev.baton.coordinator.session.SessionEvent.MessageAppended;
import dev.baton.coordinator.session.SessionEvent.StepFailed;
import dev.baton.coordinator.session.SessionEvent.StepResultIgnored;
import dev.baton.coordinator.session.SessionEvent.ToolCallFinished;
import dev.baton.coordinator.session.SessionEvent.ToolCallRedispatched;
import dev.baton.coordinator.session.SessionEvent.ToolCallsDispatched;
import dev.baton.coordinator.session.SessionEvent.ToolResultIgnored;
import dev.baton.coordinator.session.SessionEvent.TurnCompleted;
import dev.baton.coordinator.session.SessionEvent.TurnFailed;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Steps that ask for tool calls: dispatch, results, the next step, limits and fencing. */
class ToolCallStepTest {

  private static final StepAttempt FIRST = attempt("t1", 1, 1, 1);
  private static final StepAttempt BATCH = attempt("t1", 1, 1, 2);

  /** The step after a batch of one call. */
  private static final StepAttempt SECOND = attempt("t1", 2, 1, nthAfter(BATCH, 1));

  /** The step after a batch of three calls. */
  private static final StepAttempt SECOND_AFTER_THREE = attempt("t1", 2, 1, nthAfter(BATCH, 3));

  private static final Instant STARTED = NOW.minusMillis(300);
  private static final Instant FINISHED = NOW.minusMillis(100);

  private static final ToolCall READ_A =
      new ToolCall("c1", 0, "read_file", "{\"p\":\"a\"}", OperationClass.READ);
  private static final ToolCall WRITE_B =
      new ToolCall("c2", 1, "write_file", "{\"p\":\"b\"}", OperationClass.WRITE);
  private static final ToolCall LIST_C =
      new ToolCall("c3", 2, "list_dir", "{}", OperationClass.READ);
  private static final List<ToolCall> CALLS = List.of(READ_A, WRITE_B, LIST_C);
  private static final List<OperationClass> CLASSES =
      List.of(OperationClass.READ, OperationClass.WRITE, OperationClass.READ);

  @Test
  void shouldDispatchAllCallsOfStepAtOnceWithIndexClassAndOneNewToken() {
    fixture()
        .given(running("t1", "Hello", 1, 1))
        .when(requestCalls(FIRST, "Let me look.", CALLS))
        .expect(
            stepCompleted(FIRST, 3),
            assistantWithCalls(2, "Let me look.", CALLS),
            dispatched(BATCH, CALLS))
        .expectState(
            state -> {
              assertThat(state.lastFencingToken()).isEqualTo(tokenAfter(BATCH, 3) - 1);
              ActiveTurn turn = state.activeTurn().orElseThrow();
              assertThat(turn.assignment()).isEmpty();
              assertThat(turn.tools()).map(ToolBatch::calls).contains(CALLS);
            });
  }

  @Test
  void shouldWaitForEveryResultBeforeTheNextStep() {
    fixture()
        .given(running("t1", "Hello", 1, 1))
        .givenCommands(requestCalls(FIRST, "", CALLS), finish(BATCH, "c3", "x"))
        .when(finish(BATCH, "c1", "a"))
        .expect(finished(READ_A, "a"))
        .expectState(state -> assertThat(state.nextSeq()).isEqualTo(3));
  }

  @Test
  void shouldAppendToolMessagesInCallOrderThenAssignNextStepWithThemInContext() {
    fixture()
        .given(running("t1", "Hello", 1, 1))
        .givenCommands(
            requestCalls(FIRST, "", CALLS), finish(BATCH, "c3", "x"), finish(BATCH, "c1", "a"))
        .when(finish(BATCH, "c2", "b"))
        .expect(
            finished(WRITE_B, "b"),
            toolMessage(3, "c1", "a"),
            toolMessage(4, "c2", "b"),
            toolMessage(5, "c3", "x"),
            assigned(SECOND_AFTER_THREE, 1, 6))
        .expectState(
            state -> {
              assertThat(state.lastFencingToken()).isEqualTo(SECOND_AFTER_THREE.fencingToken());
              assertThat(state.activeTurn().orElseThrow().tools()).isEmpty();
              assertThat(state.activeTurn().orElseThrow().step()).isEqualTo(2);
            });
  }

  @Test
  void shouldCompleteTurnWhenTheStepAfterToolsAnswers() {
    fixture()
        .given(running("t1", "Hello", 1, 1))
        .givenCommands(requestCalls(FIRST, "", List.of(READ_A)), finish(BATCH, "c1", "a"))
        .when(answer(SECOND, "Done"))
        .expect(
            stepCompleted(SECOND, 0),
            assistantMessage(4, "Done", "t1"),
            completed("t1", "Done", 4, 2, usage().plus(usage())));
  }

  @Test
  void shouldDropDuplicateResultByCallId() {
    fixture()
        .given(running("t1", "Hello", 1, 1))
        .givenCommands(requestCalls(FIRST, "", CALLS), finish(BATCH, "c1", "a"))
        .when(finish(BATCH, "c1", "again"))
        .expect(ignored(BATCH, "c1", IgnoreReason.DUPLICATE_RESULT))
        .expectNoStateChange();
  }

  @Test
  void shouldIgnoreResultOfUnknownCall() {
    fixture()
        .given(running("t1", "Hello", 1, 1))
        .givenCommands(requestCalls(FIRST, "", CALLS))
        .when(finish(BATCH, "c9", "?"))
        .expect(ignored(BATCH, "c9", IgnoreReason.UNKNOWN_CALL))
        .expectNoStateChange();
  }

  @Test
  void shouldIgnoreToolResultWithStaleToken() {
    StepAttempt stale = attempt("t1", 1, 1, 1);
    fixture()
        .given(running("t1", "Hello", 1, 1))
        .givenCommands(requestCalls(FIRST, "", CALLS))
        .when(finish(stale, "c1", "zombie"))
        .expect(ignored(stale, "c1", IgnoreReason.STALE_FENCING_TOKEN))
        .expectNoStateChange();
  }

  @Test
  void shouldIgnoreRedeliveredResultAfterTheNextStepWasAssigned() {
    fixture()
        .given(running("t1", "Hello", 1, 1))
        .givenCommands(requestCalls(FIRST, "", List.of(READ_A)), finish(BATCH, "c1", "a"))
        .when(finish(BATCH, "c1", "a"))
        .expect(ignored(BATCH, "c1", IgnoreReason.STALE_FENCING_TOKEN))
        .expectNoStateChange();
  }

  @Test
  void shouldIgnoreAgentResultWhileToolCallsRun() {
    fixture()
        .given(running("t1", "Hello", 1, 1))
        .givenCommands(requestCalls(FIRST, "", CALLS))
        .when(answer(FIRST, "late"))
        .expect(
            new StepResultIgnored(SESSION, FIRST, WORKER, IgnoreReason.STALE_FENCING_TOKEN, NOW))
        .expectNoStateChange();
  }

  @Test
  void shouldIgnoreToolResultFromTheFutureOrOfAnInactiveTurn() {
    fixture()
        .given(running("t1", "Hello", 1, 1))
        .when(finish(BATCH, "c1", "a"))
        .expect(ignored(BATCH, "c1", IgnoreReason.UNKNOWN_ASSIGNMENT))
        .expectNoStateChange();
    fixture()
        .when(finish(BATCH, "c1", "a"))
        .expect(ignored(BATCH, "c1", IgnoreReason.UNKNOWN_TURN));
  }

  @Test
  void shouldClassifyCallsWithTheModelsClassifier() {
    SessionModel model =
        new SessionModel(
            SessionLimits.defaults(),
            OperationClassifier.of(Map.of("read_file", OperationClass.WRITE)));
    SessionState state =
        model.applyAll(SessionState.empty(SESSION), List.of(running("t1", "Hi", 1, 1)));
    List<SessionEvent> events =
        model
            .decide(
                state,
                new RequestToolCalls(
                    SESSION,
                    FIRST,
                    "",
                    List.of(
                        request("c1", "read_file", Optional.empty()),
                        request("c2", "search_web", Optional.empty()),
                        request("c3", "frobnicate", Optional.of(OperationClass.READ))),
                    usage(),
                    WORKER),
                NOW)
            .events();
    ToolCallsDispatched dispatched = (ToolCallsDispatched) events.getLast();
    assertThat(dispatched.calls())
        .extracting(ToolCall::operationClass)
        .containsExactly(OperationClass.WRITE, OperationClass.READ, OperationClass.READ);
  }

  @Test
  void shouldFailTurnNamingTheLimitWhenStepAsksForTooManyCalls() {
    List<ToolCall> three = CALLS;
    fixture(SessionLimits.builder().maxCallsPerStep(2).build())
        .given(running("t1", "Hello", 1, 1))
        .when(requestCalls(FIRST, "", three))
        .expect(
            stepCompleted(FIRST, 3),
            failed("t1", Failure.of(FailureCode.LIMIT_CALLS_PER_STEP, "3 > 2"), 1, usage(), 1))
        .expectState(state -> assertThat(state.statusOf("t1")).contains(TurnStatus.FAILED));
  }

  @Test
  void shouldFailTurnNamingTheLimitWhenNoStepIsLeftForTheResults() {
    fixture(SessionLimits.builder().maxStepsPerTurn(2).build())
        .given(running("t1", "Hello", 1, 1))
        .givenCommands(requestCalls(FIRST, "", List.of(READ_A)), finish(BATCH, "c1", "a"))
        .when(requestCalls(SECOND, "", List.of(READ_A)))
        .expect(
            stepCompleted(SECOND, 1),
            failed(
                "t1",
                Failure.of(FailureCode.LIMIT_STEPS_PER_TURN, "3 > 2"),
                2,
                usage().plus(usage()),
                SECOND.fencingToken() - TOKENS));
  }

  @Test
  void shouldAllowThirtyTwoStepsByDefaultAndFailTheThirtyThird() {
    SessionFixture session = fixture().given(running("t1", "Hello", 1, 1));
    long token = 1;
    for (int step = 1; step < 32; step++) {
      StepAttempt agent = attempt("t1", step, 1, token);
      StepAttempt batch = attempt("t1", step, 1, token + 1);
      session.givenCommands(
          requestCalls(agent, "", List.of(READ_A)), finish(batch, "c1", "r" + step));
      token = nthAfter(batch, 1);
    }
    session
        .when(requestCalls(attempt("t1", 32, 1, token), "", List.of(READ_A)))
        .expect(
            stepCompleted(attempt("t1", 32, 1, token), 1),
            failed(
                "t1",
                Failure.of(FailureCode.LIMIT_STEPS_PER_TURN, "33 > 32"),
                32,
                new Usage(320, 160),
                token));
  }

  @Test
  void shouldRetryStepThatAsksForInvalidCalls() {
    ToolCall twice = new ToolCall("c1", 1, "read_file", "{}", OperationClass.READ);
    fixture()
        .given(running("t1", "Hello", 1, 1))
        .when(requestCalls(FIRST, "", List.of(READ_A, twice)))
        .expect(
            new StepFailed(
                SESSION,
                FIRST,
                Failure.of(FailureCode.INVALID_TOOL_CALLS, "callId c1 appears twice"),
                true,
                true,
                Optional.of(WORKER),
                usage(),
                NOW),
            assigned(attempt("t1", 1, 2, 2), 1, 2));
  }

  @Test
  void shouldFailTurnPastItsDeadlineWhenAResultArrives() {
    Instant late = NOW.plus(SessionLimits.DEFAULT_TURN_DEADLINE).plusMillis(1);
    SessionModel model = new SessionModel(SessionLimits.defaults());
    SessionState state =
        model.applyAll(SessionState.empty(SESSION), List.of(running("t1", "Hello", 1, 1)));
    state = model.decide(state, requestCalls(FIRST, "", CALLS), NOW).state();

    List<SessionEvent> events = model.decide(state, finish(BATCH, "c1", "a"), late).events();

    assertThat(events)
        .containsExactly(
            closed(3, "c1", "FAILED: LIMIT_TURN_DEADLINE", late),
            closed(4, "c2", "FAILED: LIMIT_TURN_DEADLINE", late),
            closed(5, "c3", "FAILED: LIMIT_TURN_DEADLINE", late),
            new TurnFailed(
                SESSION,
                "t1",
                Failure.of(FailureCode.LIMIT_TURN_DEADLINE, "600001 ms > 600000 ms"),
                1,
                usage(),
                tokenAfter(BATCH, 3) - 1,
                late),
            new ToolResultIgnored(SESSION, BATCH, "c1", WORKER, IgnoreReason.TURN_ENDED, late));
  }

  @Test
  void shouldUseTheSubmittedDeadlineAndStartTheNextQueuedTurnWhenItPasses() {
    SessionModel model = new SessionModel(SessionLimits.defaults());
    SessionState state = SessionState.empty(SESSION);
    var submit =
        new SessionCommand.SubmitTurn(
            SESSION, "t1", "Hello", OnBusy.REJECT, Optional.of(Duration.ofSeconds(5)));
    state = model.decide(state, submit, NOW).state();
    state = model.decide(state, enqueue("t2", "Next"), NOW).state();
    assertThat(state.activeTurn().orElseThrow().deadline()).contains(NOW.plusSeconds(5));

    Instant late = NOW.plusSeconds(6);
    List<SessionEvent> events = model.decide(state, SessionFixture.clearHistory(), late).events();

    assertThat(events.subList(0, 3))
        .containsExactly(
            new TurnFailed(
                SESSION,
                "t1",
                Failure.of(FailureCode.LIMIT_TURN_DEADLINE, "6000 ms > 5000 ms"),
                1,
                Usage.ZERO,
                TOKENS + 1,
                late),
            new SessionEvent.TurnStarted(
                SESSION,
                "t2",
                Optional.of(late.plus(SessionLimits.DEFAULT_TURN_DEADLINE)),
                InputDigest.of("Next"),
                late),
            new MessageAppended(SESSION, new Message(2, Message.Role.USER, "Next", "t2"), late));
  }

  @Test
  void shouldNotFailTurnExactlyAtItsDeadline() {
    SessionModel model = new SessionModel(SessionLimits.defaults());
    SessionState state =
        model.applyAll(SessionState.empty(SESSION), List.of(running("t1", "Hello", 1, 1)));
    Instant due = NOW.plus(SessionLimits.DEFAULT_TURN_DEADLINE);

    assertThat(model.decide(state, answer(FIRST, "Hi"), due).events())
        .last()
        .isInstanceOf(TurnCompleted.class);
  }

  @Test
  void shouldRedispatchCallThatDidNotStart() {
    fixture()
        .given(running("t1", "Hello", 1, 1))
        .givenCommands(requestCalls(FIRST, "", CALLS))
        .when(notStarted(BATCH, "c2", NotStartedReason.SHUTTING_DOWN))
        .expect(
            new ToolCallRedispatched(
                SESSION,
                BATCH,
                WRITE_B,
                NotStartedReason.SHUTTING_DOWN,
                2,
                CLASSES,
                DispatchMode.PARALLEL,
                TERMS,
                dispatchToken(BATCH, 1, 2),
                NOW))
        .expectState(
            state ->
                assertThat(state.activeTurn().orElseThrow().tools().orElseThrow().dispatches())
                    .containsExactly(1, 2, 1));
  }

  @Test
  void shouldFailTurnWhenCallDoesNotStartWithinTheAttemptLimit() {
    fixture(SessionLimits.builder().maxStepAttempts(2).build())
        .given(running("t1", "Hello", 1, 1))
        .givenCommands(
            requestCalls(FIRST, "", CALLS), notStarted(BATCH, "c2", NotStartedReason.SHUTTING_DOWN))
        .when(notStarted(BATCH, "c2", NotStartedReason.LOCK_UNAVAILABLE))
        .expect(
            closed(3, "c1", "FAILED: LIMIT_TOOL_CALL_DISPATCHES"),
            closed(4, "c2", "FAILED: LIMIT_TOOL_CALL_DISPATCHES"),
            closed(5, "c3", "FAILED: LIMIT_TOOL_CALL_DISPATCHES"),
            failed(
                "t1",
                Failure.of(
                    FailureCode.LIMIT_TOOL_CALL_DISPATCHES,
                    "3 > 2 (call c2 of write_file not started: LOCK_UNAVAILABLE)"),
                1,
                usage(),
                BATCH.fencingToken()
                    - TOKENS
                    + 3 * 3
                    - 1)); // three tokens for each of the three calls
  }

  @Test
  void shouldKeepCallsWaitingBehindALongToolWithoutUsingUpTheirDispatches() {
    // [WRITE, READ, READ] where the write runs for minutes: the reads' workers give up waiting for
    // the turn lock every few seconds, far more often than a call may be dispatched.
    ToolCall write = new ToolCall("w", 0, "write_file", "{}", OperationClass.WRITE);
    ToolCall read1 = new ToolCall("r1", 1, "read_a", "{}", OperationClass.READ);
    ToolCall read2 = new ToolCall("r2", 2, "read_b", "{}", OperationClass.READ);
    SessionFixture session =
        fixture()
            .given(running("t1", "Hello", 1, 1))
            .givenCommands(requestCalls(FIRST, "", List.of(write, read1, read2)));
    for (int i = 0; i < 4 * SessionLimits.DEFAULT_MAX_STEP_ATTEMPTS; i++) {
      session.givenCommands(
          notStarted(BATCH, "r1", NotStartedReason.LOCK_TIMEOUT),
          notStarted(BATCH, "r2", NotStartedReason.LOCK_TIMEOUT));
    }
    session
        .when(notStarted(BATCH, "r1", NotStartedReason.LOCK_TIMEOUT))
        .expect(
            new ToolCallRedispatched(
                SESSION,
                BATCH,
                read1,
                NotStartedReason.LOCK_TIMEOUT,
                1,
                List.of(OperationClass.WRITE, OperationClass.READ, OperationClass.READ),
                DispatchMode.PARALLEL,
                TERMS,
                dispatchToken(BATCH, 1, 1),
                NOW))
        .expectState(
            state ->
                assertThat(state.activeTurn().orElseThrow().tools().orElseThrow().dispatches())
                    .containsExactly(1, 1, 1));
    session.givenCommands(
        finish(BATCH, "w", "written"), finish(BATCH, "r1", "a"), finish(BATCH, "r2", "b"));
    session
        .when(answer(SECOND_AFTER_THREE, "Done"))
        .expectState(state -> assertThat(state.statusOf("t1")).contains(TurnStatus.COMPLETED));
  }

  @Test
  void shouldKeepQueueMovingAfterToolStepTurnCompletes() {
    fixture()
        .given(running("t1", "Hello", 1, 1))
        .givenCommands(
            enqueue("t2", "Next"),
            requestCalls(FIRST, "", List.of(READ_A)),
            finish(BATCH, "c1", "a"))
        .when(answer(SECOND, "Done"))
        .expect(
            stepCompleted(SECOND, 0),
            assistantMessage(4, "Done", "t1"),
            completed("t1", "Done", 4, 2, usage().plus(usage())),
            started("t2", "Next"),
            userMessage(5, "Next", "t2"),
            assigned(attempt("t2", 1, 1, SECOND.fencingToken() - TOKENS + 1), 1, 6));
  }

  @Test
  void shouldKeepEveryCallIndexInOrderForManyCalls() {
    List<ToolCall> many =
        IntStream.range(0, 64)
            .mapToObj(i -> new ToolCall("c" + i, i, "get_" + i, "{}", OperationClass.READ))
            .toList();
    fixture()
        .given(running("t1", "Hello", 1, 1))
        .when(requestCalls(FIRST, "", many))
        .expect(stepCompleted(FIRST, 64), assistantWithCalls(2, "", many), dispatched(BATCH, many));
  }

  // Shorthands.

  static RequestToolCalls requestCalls(
      StepAttempt assignment, String content, List<ToolCall> calls) {
    return new RequestToolCalls(
        SESSION,
        assignment,
        content,
        calls.stream()
            .map(
                c -> new ToolCallRequest(c.callId(), c.name(), c.argumentsJson(), Optional.empty()))
            .toList(),
        usage(),
        WORKER);
  }

  static ToolCallRequest request(String callId, String name, Optional<OperationClass> declared) {
    return new ToolCallRequest(callId, name, "{}", declared);
  }

  static FinishToolCall finish(StepAttempt batch, String callId, String content) {
    return new FinishToolCall(
        SESSION,
        batch,
        new ToolResult(callId, content, false),
        STARTED,
        FINISHED,
        7,
        "w-1",
        OptionalLong.empty());
  }

  static ReportToolCallNotStarted notStarted(
      StepAttempt batch, String callId, NotStartedReason reason) {
    return new ReportToolCallNotStarted(
        SESSION, batch, callId, reason, "w-1", OptionalLong.empty());
  }

  private static ToolCallFinished finished(ToolCall call, String content) {
    return new ToolCallFinished(
        SESSION,
        BATCH,
        call,
        new ToolResult(call.callId(), content, false),
        STARTED,
        FINISHED,
        7,
        "w-1",
        OptionalLong.empty(),
        NOW);
  }

  private static ToolResultIgnored ignored(StepAttempt batch, String callId, IgnoreReason reason) {
    return new ToolResultIgnored(SESSION, batch, callId, WORKER, reason, NOW);
  }

  static ToolCallsDispatched dispatched(StepAttempt batch, List<ToolCall> calls) {
    return new ToolCallsDispatched(
        SESSION, batch, DispatchMode.PARALLEL, calls, false, TERMS, TOKENS_PER_CALL, NOW);
  }

  private static MessageAppended assistantWithCalls(
      long seq, String content, List<ToolCall> calls) {
    return new MessageAppended(
        SESSION,
        new Message(seq, Message.Role.ASSISTANT, content, "t1", calls, Optional.empty()),
        NOW);
  }

  /** The synthetic result of a call that had none when turn t1 ended {@code why}. */
  private static MessageAppended closed(long seq, String callId, String why) {
    return closed(seq, callId, why, NOW);
  }

  private static MessageAppended closed(long seq, String callId, String why, Instant at) {
    String content = "Cancelled: turn t1 ended (" + why + ") before this call returned";
    return toolMessage(seq, new ToolResult(callId, content, true), at);
  }

  private static MessageAppended toolMessage(long seq, String callId, String content) {
    return toolMessage(seq, new ToolResult(callId, content, false), NOW);
  }

  private static MessageAppended toolMessage(long seq, ToolResult result, Instant at) {
    return new MessageAppended(
        SESSION, new Message(seq, Message.Role.TOOL, "", "t1", List.of(), Optional.of(result)), at);
  }
}
