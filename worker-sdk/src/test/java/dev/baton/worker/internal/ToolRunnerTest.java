package dev.baton.worker.internal;

import static dev.baton.worker.OperationClass.READ;
import static dev.baton.worker.OperationClass.WRITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.schemas.avro.Assignment;
import dev.baton.schemas.avro.NotStartedReason;
import dev.baton.schemas.avro.StepFailed;
import dev.baton.schemas.avro.ToolCallAssignment;
import dev.baton.schemas.avro.ToolCallFinished;
import dev.baton.schemas.avro.ToolCallNotStarted;
import dev.baton.schemas.avro.WorkerResult;
import dev.baton.worker.OperationClass;
import dev.baton.worker.StepFailedException;
import dev.baton.worker.StepResult;
import dev.baton.worker.ToolHandler;
import dev.baton.worker.ToolResult;
import dev.baton.worker.internal.FakeLocks.End;
import dev.baton.worker.lock.CallAlreadyFinishedException;
import dev.baton.worker.lock.LockRequest;
import dev.baton.worker.lock.LockTimeoutException;
import dev.baton.worker.lock.LockUnavailableException;
import dev.baton.worker.lock.StaleTokenException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** Tool call assignments through the {@link StepRunner}: lock, run, publish, release, ack. */
class ToolRunnerTest {

  private static final String RESULTS = "baton.worker-results";
  private static final Instant T0 = Instant.parse("2026-02-03T04:05:06Z");
  private static final List<OperationClass> RRWR = List.of(READ, READ, WRITE, READ);

  private final TestAssignments assignments = new TestAssignments();
  private final FakeLocks locks = new FakeLocks();
  private final AtomicInteger runs = new AtomicInteger();
  private MockProducer<String, byte[]> producer = producer(true);

  @Test
  void shouldPublishToolCallFinishedThenAccept() {
    Settlement settlement =
        run(tools(echoTool()), TestAssignments.toolCall("s-1", "echo", 7, 1, RRWR));

    assertThat(settlement.type()).isEqualTo(AcknowledgeType.ACCEPT);
    WorkerResult result = onlyResult();
    assertThat(result.getFencingToken()).isEqualTo(7);
    ToolCallFinished finished = (ToolCallFinished) result.getBody();
    assertThat(finished.getCallId()).isEqualTo("call-1");
    assertThat(finished.getToolResult().getCallId()).isEqualTo("call-1");
    assertThat(finished.getToolResult().getContent()).isEqualTo("ran {\"i\":1}");
    assertThat(finished.getToolResult().getIsError()).isFalse();
    assertThat(locks.granted())
        .singleElement()
        .satisfies(l -> assertThat(l.end()).isEqualTo(End.RELEASED));
  }

  @Test
  void shouldReleaseTheLockOnlyAfterTheResultIsDurablyWritten() throws Exception {
    producer = producer(false);
    StepRunner runner = runner(tools(echoTool()));
    var record = assignments.record(TestAssignments.toolCall("s-1", "echo", 7, 2, RRWR));

    CompletableFuture<Settlement> settlement = new CompletableFuture<>();
    Thread.ofVirtual().start(() -> settlement.complete(runner.run(record)));
    await().until(() -> producer.history().size() == 1);
    assertThat(locks.granted().getFirst().end()).isEqualTo(End.HELD);
    assertThat(settlement).isNotDone();

    producer.completeNext();

    assertThat(settlement.get().type()).isEqualTo(AcknowledgeType.ACCEPT);
    assertThat(locks.granted().getFirst().end()).isEqualTo(End.RELEASED);
  }

  @Test
  void shouldAbandonTheLockAndReleaseWhenTheResultCannotBeWritten() throws Exception {
    producer = producer(false);
    StepRunner runner = runner(tools(echoTool()));
    var record = assignments.record(TestAssignments.toolCall("s-1", "echo", 7, 2, RRWR));

    CompletableFuture<Settlement> settlement = new CompletableFuture<>();
    Thread.ofVirtual().start(() -> settlement.complete(runner.run(record)));
    await().until(() -> producer.history().size() == 1);
    producer.errorNext(new TimeoutException("broker gone"));

    assertThat(settlement.get().type()).isEqualTo(AcknowledgeType.RELEASE);
    assertThat(locks.granted().getFirst().end()).isEqualTo(End.ABANDONED);
  }

  @Test
  void shouldTimeTheCallOnTheWorkerClockAfterTheLockWasGranted() {
    locks.waitTime(Duration.ofMillis(250));
    Settlement settlement =
        run(tools(echoTool()), TestAssignments.toolCall("s-1", "echo", 7, 0, RRWR));

    assertThat(settlement.type()).isEqualTo(AcknowledgeType.ACCEPT);
    ToolCallFinished finished = (ToolCallFinished) onlyResult().getBody();
    // The ticking clock advances one second per reading: started, then finished.
    assertThat(finished.getStartedAt()).isEqualTo(T0);
    assertThat(finished.getFinishedAt()).isEqualTo(T0.plusSeconds(1));
    assertThat(finished.getLockWaitMs()).isEqualTo(250);
  }

  @Test
  void shouldLockWithTheAssignmentsSessionTurnStepTokenIndexAndClasses() {
    run(tools(echoTool()), TestAssignments.toolCall("s-1", "echo", 7, 3, RRWR));

    assertThat(locks.requests()).containsExactly(new LockRequest("s-1", "turn-1", 2, 7, 3, RRWR));
  }

  @Test
  void shouldShowTheHandlerTheCall() {
    AtomicReference<String> seen = new AtomicReference<>();
    ToolHandler handler =
        call -> {
          seen.set(
              String.join(
                  "|",
                  call.sessionId(),
                  call.turnId(),
                  String.valueOf(call.step()),
                  String.valueOf(call.attempt()),
                  String.valueOf(call.fencingToken()),
                  call.callId(),
                  call.name(),
                  call.argumentsJson(),
                  String.valueOf(call.index()),
                  String.valueOf(call.operationClass())));
          return ToolResult.ok("ok");
        };

    run(
        Map.of("write_note", new ToolRegistry.Tool("write_note", WRITE, handler)),
        TestAssignments.toolCall("s-1", "write_note", 7, 2, RRWR));

    assertThat(seen.get()).isEqualTo("s-1|turn-1|2|1|7|call-2|write_note|{\"i\":2}|2|WRITE");
  }

  @Test
  void shouldGiveTheHandlerTheDispatchsTokenAndLockUnderTheStepsToken() {
    AtomicReference<Long> seen = new AtomicReference<>();
    ToolHandler handler = tokenSeenBy(seen);

    run(
        Map.of("write_note", new ToolRegistry.Tool("write_note", WRITE, handler)),
        dispatch(TestAssignments.toolCall("s-1", "write_note", 7, 2, RRWR), 15));

    assertThat(seen.get()).isEqualTo(15);
    assertThat(locks.requests()).extracting(LockRequest::fencingToken).containsExactly(7L);
    WorkerResult result = onlyResult();
    assertThat(result.getFencingToken()).isEqualTo(7);
    assertThat(result.getDispatchToken()).isEqualTo(15);
  }

  @Test
  void shouldNameTheDispatchInANotStartedReport() {
    locks.failWith(LockUnavailableException::closed);

    run(tools(echoTool()), dispatch(TestAssignments.toolCall("s-1", "echo", 7, 2, RRWR), 15));

    WorkerResult result = onlyResult();
    assertThat(result.getBody()).isInstanceOf(ToolCallNotStarted.class);
    assertThat(result.getDispatchToken()).isEqualTo(15);
  }

  @Test
  void shouldPublishARecordedOutcomeAsTheCurrentDispatchs() {
    // The earlier dispatch's holder recorded its outcome and died; this dispatch publishes it.
    Assignment earlier = dispatch(TestAssignments.toolCall("s-1", "echo", 7, 2, RRWR), 15);
    locks.recordedBefore(
        RecordedOutcomes.encode(
            earlier,
            WorkerResults.toolCallFinished(
                (ToolCallAssignment) earlier.getBody(),
                ToolResult.ok("ran before"),
                T0,
                T0,
                Duration.ZERO)));

    run(tools(echoTool()), dispatch(TestAssignments.toolCall("s-1", "echo", 7, 2, RRWR), 16));

    assertThat(runs).hasValue(0);
    assertThat(onlyResult().getDispatchToken()).isEqualTo(16);
  }

  @Test
  void shouldGiveTheHandlerTheAssignmentsTokenWhenTheCoordinatorSendsNoDispatchToken() {
    AtomicReference<Long> seen = new AtomicReference<>();
    ToolHandler handler = tokenSeenBy(seen);

    run(
        Map.of("echo", new ToolRegistry.Tool("echo", READ, handler)),
        TestAssignments.toolCall("s-1", "echo", 7, 2, RRWR));

    assertThat(seen.get()).isEqualTo(7);
    assertThat(onlyResult().getDispatchToken()).isNull();
  }

  @Test
  void shouldPublishAToolErrorAsAResultTheAgentSees() {
    Settlement settlement =
        run(
            tools(new ToolRegistry.Tool("echo", READ, call -> ToolResult.error("no such note"))),
            TestAssignments.toolCall("s-1", "echo", 7, 0, RRWR));

    assertThat(settlement.type()).isEqualTo(AcknowledgeType.ACCEPT);
    ToolCallFinished finished = (ToolCallFinished) onlyResult().getBody();
    assertThat(finished.getToolResult().getIsError()).isTrue();
    assertThat(finished.getToolResult().getContent()).isEqualTo("no such note");
    assertThat(locks.granted().getFirst().end()).isEqualTo(End.RELEASED);
  }

  @Test
  void shouldAnswerAnUnknownToolWithoutLockingAndAccept() {
    Settlement settlement =
        run(tools(echoTool()), TestAssignments.toolCall("s-1", "read_file", 7, 0, RRWR));

    assertThat(settlement.type()).isEqualTo(AcknowledgeType.ACCEPT);
    ToolCallNotStarted notStarted = (ToolCallNotStarted) onlyResult().getBody();
    assertThat(notStarted.getReason()).isEqualTo(NotStartedReason.UNKNOWN_TOOL);
    assertThat(notStarted.getCallId()).isEqualTo("call-0");
    assertThat(locks.requests()).isEmpty();
  }

  @Test
  void shouldRunACallThatTheCoordinatorOrdersWithoutTheLock() {
    locks.failWith(r -> LockUnavailableException.unreachable("acquire", r, new IOException("x")));
    Assignment ordered =
        TestAssignments.ordered(TestAssignments.toolCall("s-1", "echo", 7, 2, RRWR));

    Settlement settlement = run(tools(echoTool()), ordered);

    assertThat(settlement.type()).isEqualTo(AcknowledgeType.ACCEPT);
    ToolCallFinished finished = (ToolCallFinished) onlyResult().getBody();
    assertThat(finished.getCallId()).isEqualTo("call-2");
    assertThat(finished.getLockWaitMs()).isZero();
    assertThat(runs).hasValue(1);
    assertThat(locks.requests()).isEmpty();
  }

  @Test
  void shouldReportALockTimeoutAsNotStartedAndAccept() {
    assertNotStarted(
        r -> LockTimeoutException.timedOut(r, Duration.ofSeconds(5), 1),
        NotStartedReason.LOCK_TIMEOUT);
  }

  @Test
  void shouldReportAnUnreachableRedisAsLockUnavailableAndAccept() {
    assertNotStarted(
        r -> LockUnavailableException.unreachable("acquire", r, new IOException("refused")),
        NotStartedReason.LOCK_UNAVAILABLE);
  }

  @Test
  void shouldReportAStaleTokenAndAccept() {
    assertNotStarted(r -> StaleTokenException.stale(r, 9), NotStartedReason.STALE_FENCING_TOKEN);
  }

  @Test
  void shouldAcceptACallThatAlreadyFinishedWithoutRunningOrPublishing() {
    locks.failWith(CallAlreadyFinishedException::alreadyFinished);

    Settlement settlement =
        run(tools(echoTool()), TestAssignments.toolCall("s-1", "echo", 7, 0, RRWR));

    assertThat(settlement.type()).isEqualTo(AcknowledgeType.ACCEPT);
    assertThat(producer.history()).isEmpty();
    assertThat(runs).hasValue(0);
  }

  @Test
  void shouldReleaseWithoutPublishingWhenInterruptedWhileWaitingForTheLock() {
    locks.failWith(
        r -> {
          Thread.currentThread().interrupt();
          return LockTimeoutException.interrupted(r);
        });

    Settlement settlement =
        run(tools(echoTool()), TestAssignments.toolCall("s-1", "echo", 7, 0, RRWR));

    assertThat(Thread.interrupted()).isTrue();
    assertThat(settlement.type()).isEqualTo(AcknowledgeType.RELEASE);
    assertThat(producer.history()).isEmpty();
  }

  @Test
  void shouldAbandonTheLockAndReleaseWhenTheToolFailsRetryably() {
    Settlement settlement =
        run(
            tools(
                new ToolRegistry.Tool(
                    "echo",
                    READ,
                    call -> {
                      throw StepFailedException.retryable("backend busy");
                    })),
            TestAssignments.toolCall("s-1", "echo", 7, 0, RRWR));

    assertThat(settlement.type()).isEqualTo(AcknowledgeType.RELEASE);
    assertThat(producer.history()).isEmpty();
    assertThat(locks.granted().getFirst().end()).isEqualTo(End.ABANDONED);
  }

  @Test
  void shouldPublishStepFailedWithTheCallIdThenReleaseTheLockAndRejectWhenTheToolFailsForGood() {
    Settlement settlement =
        run(
            tools(
                new ToolRegistry.Tool(
                    "echo",
                    READ,
                    call -> {
                      throw new IllegalStateException("bug");
                    })),
            TestAssignments.toolCall("s-1", "echo", 7, 1, RRWR));

    assertThat(settlement.type()).isEqualTo(AcknowledgeType.REJECT);
    StepFailed failed = (StepFailed) onlyResult().getBody();
    assertThat(failed.getCallId()).isEqualTo("call-1");
    assertThat(failed.getRetryable()).isFalse();
    assertThat(failed.getError().getCode()).isEqualTo(StepFailedException.HANDLER_EXCEPTION);
    assertThat(locks.granted().getFirst().end()).isEqualTo(End.RELEASED);
  }

  @Test
  void shouldTreatAToolThatReturnsNullAsFailedForGood() {
    Settlement settlement =
        run(
            tools(new ToolRegistry.Tool("echo", READ, call -> null)),
            TestAssignments.toolCall("s-1", "echo", 7, 0, RRWR));

    assertThat(settlement.type()).isEqualTo(AcknowledgeType.REJECT);
    assertThat(onlyResult().getBody()).isInstanceOf(StepFailed.class);
  }

  @Test
  void shouldReportACallWithoutItsStepsClassesAsNotStarted() {
    Settlement settlement =
        run(tools(echoTool()), TestAssignments.toolCall("s-1", "echo", 7, 0, List.of()));

    assertThat(settlement.type()).isEqualTo(AcknowledgeType.ACCEPT);
    assertThat(((ToolCallNotStarted) onlyResult().getBody()).getReason())
        .isEqualTo(NotStartedReason.OTHER);
    assertThat(locks.requests()).isEmpty();
  }

  @Test
  void shouldNotStartACallWhoseStopTheBarrierReadsAndReleaseItsLock() {
    RunningAssignments running = new RunningAssignments();
    SignalBarrier readsTheStop =
        sessionId -> {
          running.stop(sessionId, "turn-1", 7); // committed before the call was about to start
          return true;
        };

    Settlement settlement =
        supervisedRunner(tools(echoTool()), running, readsTheStop)
            .run(assignments.record(TestAssignments.toolCall("s-1", "echo", 7, 2, RRWR)));

    assertThat(settlement.type()).isEqualTo(AcknowledgeType.ACCEPT);
    assertThat(runs).hasValue(0);
    assertThat(producer.history()).isEmpty();
    assertThat(locks.granted())
        .singleElement()
        .satisfies(l -> assertThat(l.end()).isEqualTo(End.RELEASED));
  }

  @Test
  void shouldNotStartAnOrderedCallWhoseStopTheBarrierReads() {
    RunningAssignments running = new RunningAssignments();
    Assignment ordered =
        TestAssignments.ordered(TestAssignments.toolCall("s-1", "echo", 7, 2, RRWR));

    Settlement settlement =
        supervisedRunner(
                tools(echoTool()), running, sessionId -> running.stop(sessionId, "turn-1", 7) >= 0)
            .run(assignments.record(ordered));

    assertThat(settlement.type()).isEqualTo(AcknowledgeType.ACCEPT);
    assertThat(runs).hasValue(0);
    assertThat(producer.history()).isEmpty();
  }

  @Test
  void shouldReportACallNotStartedWhenTheBarrierCannotReadTheSignalsInTime() {
    Settlement settlement = runBehind(sessionId -> false);

    assertThat(settlement.type()).isEqualTo(AcknowledgeType.ACCEPT);
    assertThat(runs).hasValue(0);
    ToolCallNotStarted notStarted = (ToolCallNotStarted) onlyResult().getBody();
    assertThat(notStarted.getReason()).isEqualTo(NotStartedReason.OTHER);
    assertThat(notStarted.getDetail()).contains("turn signals");
    assertThat(locks.granted())
        .singleElement()
        .satisfies(l -> assertThat(l.end()).isEqualTo(End.ABANDONED));
  }

  @Test
  void shouldRunACallWhoseTurnTheBarrierFindsRunning() {
    Settlement settlement = runBehind(sessionId -> true);

    assertThat(settlement.type()).isEqualTo(AcknowledgeType.ACCEPT);
    assertThat(runs).hasValue(1);
    assertThat(onlyResult().getBody()).isInstanceOf(ToolCallFinished.class);
  }

  @Test
  void shouldAnswerEveryToolCallWithUnknownToolWithoutTools() {
    ResultPublisher publisher = publisher();
    StepRunner runner =
        new StepRunner(step -> StepResult.answer("x"), assignments.assignmentSerde(), publisher);

    Settlement settlement =
        runner.run(assignments.record(TestAssignments.toolCall("s-1", "echo", 7, 0, RRWR)));

    assertThat(settlement.type()).isEqualTo(AcknowledgeType.ACCEPT);
    assertThat(((ToolCallNotStarted) onlyResult().getBody()).getReason())
        .isEqualTo(NotStartedReason.UNKNOWN_TOOL);
  }

  private void assertNotStarted(
      Function<LockRequest, RuntimeException> failure, NotStartedReason reason) {
    locks.failWith(failure);

    Settlement settlement =
        run(tools(echoTool()), TestAssignments.toolCall("s-1", "echo", 7, 2, RRWR));

    assertThat(settlement.type()).isEqualTo(AcknowledgeType.ACCEPT);
    ToolCallNotStarted notStarted = (ToolCallNotStarted) onlyResult().getBody();
    assertThat(notStarted.getReason()).isEqualTo(reason);
    assertThat(notStarted.getCallId()).isEqualTo("call-2");
    assertThat(notStarted.getDetail()).contains("call 2 (WRITE) of session s-1");
    assertThat(runs).hasValue(0);
  }

  private ToolRegistry.Tool echoTool() {
    return new ToolRegistry.Tool(
        "echo",
        READ,
        call -> {
          runs.incrementAndGet();
          return ToolResult.ok("ran " + call.argumentsJson());
        });
  }

  /** A handler that keeps the fencing token it was given in {@code seen}. */
  private static ToolHandler tokenSeenBy(AtomicReference<Long> seen) {
    return call -> {
      seen.set(call.fencingToken());
      return ToolResult.ok("ok");
    };
  }

  /** {@code assignment} as the call's dispatch with token {@code dispatchToken}. */
  private static Assignment dispatch(Assignment assignment, long dispatchToken) {
    ToolCallAssignment call = (ToolCallAssignment) assignment.getBody();
    return Assignment.newBuilder(assignment)
        .setBody(ToolCallAssignment.newBuilder(call).setDispatchToken(dispatchToken).build())
        .build();
  }

  private static Map<String, ToolRegistry.Tool> tools(ToolRegistry.Tool tool) {
    return Map.of(tool.name(), tool);
  }

  private Settlement run(Map<String, ToolRegistry.Tool> tools, Assignment assignment) {
    return runner(tools).run(assignments.record(assignment));
  }

  private StepRunner runner(Map<String, ToolRegistry.Tool> tools) {
    return supervisedRunner(tools, new RunningAssignments(), SignalBarrier.NONE);
  }

  /** Runs call 2 of step RRWR behind {@code signals}. */
  private Settlement runBehind(SignalBarrier signals) {
    return supervisedRunner(tools(echoTool()), new RunningAssignments(), signals)
        .run(assignments.record(TestAssignments.toolCall("s-1", "echo", 7, 2, RRWR)));
  }

  private StepRunner supervisedRunner(
      Map<String, ToolRegistry.Tool> tools, RunningAssignments running, SignalBarrier signals) {
    return new StepRunner(
        step -> StepResult.answer("unused"),
        assignments.assignmentSerde(),
        publisher(),
        ToolRegistry.of(tools),
        locks,
        new TickingClock(),
        new StepRunner.Supervision(
            running, null, dev.baton.worker.WorkerOptions.DEFAULT_DELIVERY_LIMIT, signals));
  }

  private ResultPublisher publisher() {
    return new ResultPublisher(
        producer,
        assignments.resultSerde(),
        assignments.deltaSerde(),
        RESULTS,
        "baton.turn-stream",
        "w-1",
        Clock.fixed(T0, ZoneOffset.UTC));
  }

  private WorkerResult onlyResult() {
    assertThat(producer.history()).hasSize(1);
    return assignments.result(producer.history().getFirst());
  }

  private static MockProducer<String, byte[]> producer(boolean autoComplete) {
    return new MockProducer<>(
        autoComplete, null, new StringSerializer(), new ByteArraySerializer());
  }

  /** Starts at {@link #T0} and advances one second on every reading. */
  private static final class TickingClock extends Clock {
    private final AtomicInteger readings = new AtomicInteger();

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return T0.plusSeconds(readings.getAndIncrement());
    }
  }
}
