package dev.baton.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.schemas.avro.AgentAnswered;
import dev.baton.schemas.avro.Assignment;
import dev.baton.schemas.avro.StepFailed;
import dev.baton.schemas.avro.StreamDelta;
import dev.baton.schemas.avro.ToolCallNotStarted;
import dev.baton.schemas.avro.WorkerResult;
import dev.baton.worker.AgentHandler;
import dev.baton.worker.DeltaKind;
import dev.baton.worker.StepFailedException;
import dev.baton.worker.StepResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class StepRunnerTest {

  private static final String RESULTS = "baton.worker-results";
  private static final String STREAM = "baton.turn-stream";
  private static final Instant NOW = Instant.parse("2026-02-03T04:05:06Z");

  private final TestAssignments assignments = new TestAssignments();
  private MockProducer<String, byte[]> producer = producer(true);

  @Test
  void shouldAcceptOnceTheAnswerIsPublished() {
    Settlement settlement = run(echo(), TestAssignments.agentStep("s-1", "hello", 7));

    assertThat(settlement.type()).isEqualTo(AcknowledgeType.ACCEPT);
    WorkerResult result = onlyResult();
    assertThat(result.getFencingToken()).isEqualTo(7);
    assertThat(result.getWorkerId()).isEqualTo("w-1");
    assertThat(result.getProducedAt()).isEqualTo(NOW);
    assertThat(((AgentAnswered) result.getBody()).getMessage().getContent())
        .isEqualTo("echo: hello");
  }

  @Test
  void shouldKeyResultsBySessionId() {
    run(echo(), TestAssignments.agentStep("s-9", "hello", 1));

    assertThat(producer.history())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.topic()).isEqualTo(RESULTS);
              assertThat(r.key()).isEqualTo("s-9");
            });
  }

  @Test
  void shouldShowTheHandlerTheAssignment() {
    Assignment assignment = TestAssignments.agentStep("s-1", "hello", 7);
    run(
        step ->
            StepResult.answer(
                String.join(
                    "|",
                    step.sessionId(),
                    step.turnId(),
                    String.valueOf(step.number()),
                    String.valueOf(step.attempt()),
                    String.valueOf(step.fencingToken()),
                    step.assignmentId(),
                    step.context().getFirst().content(),
                    step.metadata().get("client"),
                    String.valueOf(step.isCancelled()))),
        assignment);

    assertThat(((AgentAnswered) onlyResult().getBody()).getMessage().getContent())
        .isEqualTo("s-1|turn-1|2|1|7|" + assignment.getAssignmentId() + "|hello|test|false");
  }

  @Test
  void shouldReleaseWhenTheResultCannotBePublished() throws Exception {
    producer = producer(false);
    ConsumerRecord<String, byte[]> record =
        assignments.record(TestAssignments.agentStep("s-1", "hello", 7));
    StepRunner runner = runner(echo());

    CompletableFuture<Settlement> settlement = new CompletableFuture<>();
    Thread.ofVirtual().start(() -> settlement.complete(runner.run(record)));
    await().until(() -> producer.history().size() == 1);
    producer.errorNext(new TimeoutException("broker gone"));

    assertThat(settlement.get().type()).isEqualTo(AcknowledgeType.RELEASE);
  }

  @Test
  void shouldReleaseWithoutAResultWhenTheHandlerFailsRetryably() {
    Settlement settlement =
        run(
            step -> {
              throw StepFailedException.retryable("rate limited");
            },
            TestAssignments.agentStep("s-1", "hello", 7));

    assertThat(settlement.type()).isEqualTo(AcknowledgeType.RELEASE);
    assertThat(producer.history()).isEmpty();
  }

  @Test
  void shouldStopARunWhoseRecordWasLostAndPublishNothingOfIt() {
    Delivery delivery =
        Delivery.detached(assignments.record(TestAssignments.agentStep("s-1", "hello", 7)));

    AcknowledgeType type =
        runner(
                step -> {
                  step.emit("before ");
                  delivery.lose(); // the broker refused to renew the lock: delivered again
                  assertThat(step.isCancelled()).as("the handler is told").isTrue();
                  return StepResult.answer("too late");
                })
            .run(delivery);

    assertThat(type).isEqualTo(AcknowledgeType.ACCEPT);
    assertThat(producer.history())
        .as("its deltas may have gone out, its result does not")
        .noneMatch(r -> r.topic().equals(RESULTS));
  }

  @Test
  void shouldReportARetryableFailureOfAHandedOffStepSinceItCannotBeDeliveredAgain() {
    Delivery delivery =
        Delivery.detached(assignments.record(TestAssignments.agentStep("s-1", "hello", 7)));
    delivery.handOff();

    AcknowledgeType type =
        runner(
                step -> {
                  throw StepFailedException.retryable("rate limited");
                })
            .run(delivery);

    assertThat(type).isEqualTo(AcknowledgeType.REJECT);
    StepFailed failed = (StepFailed) onlyResult().getBody();
    assertThat(failed.getRetryable()).as("the coordinator assigns a new attempt").isTrue();
    assertThat(failed.getCallId()).isNull();
  }

  @Test
  void shouldPublishStepFailedThenRejectWhenTheHandlerFailsForGood() {
    Settlement settlement =
        run(
            step -> {
              throw StepFailedException.nonRetryable("BAD_INPUT", "cannot answer that");
            },
            TestAssignments.agentStep("s-1", "hello", 7));

    assertThat(settlement.type()).isEqualTo(AcknowledgeType.REJECT);
    WorkerResult result = onlyResult();
    assertThat(result.getFencingToken()).isEqualTo(7);
    StepFailed failed = (StepFailed) result.getBody();
    assertThat(failed.getRetryable()).isFalse();
    assertThat(failed.getError().getCode()).isEqualTo("BAD_INPUT");
  }

  @Test
  void shouldTreatAnUnexpectedExceptionAsNonRetryable() {
    Settlement settlement =
        run(
            step -> {
              throw new IllegalStateException("bug");
            },
            TestAssignments.agentStep("s-1", "hello", 7));

    assertThat(settlement.type()).isEqualTo(AcknowledgeType.REJECT);
    assertThat(((StepFailed) onlyResult().getBody()).getError().getCode())
        .isEqualTo(StepFailedException.HANDLER_EXCEPTION);
  }

  @Test
  void shouldRejectAHandlerThatReturnsNull() {
    Settlement settlement = run(step -> null, TestAssignments.agentStep("s-1", "hello", 7));

    assertThat(settlement.type()).isEqualTo(AcknowledgeType.REJECT);
    assertThat(onlyResult().getBody()).isInstanceOf(StepFailed.class);
  }

  @Test
  void shouldReleaseWhenTheHandlerIsInterrupted() {
    Settlement settlement =
        run(
            step -> {
              throw new InterruptedException();
            },
            TestAssignments.agentStep("s-1", "hello", 7));

    assertThat(settlement.type()).isEqualTo(AcknowledgeType.RELEASE);
    assertThat(producer.history()).isEmpty();
    assertThat(Thread.interrupted()).isTrue();
  }

  @Test
  void shouldRejectARecordThatIsNotAnAssignment() {
    ConsumerRecord<String, byte[]> poison = assignments.record("s-1", new byte[] {1, 2, 3});

    Settlement settlement = runner(echo()).run(poison);

    assertThat(settlement.type()).isEqualTo(AcknowledgeType.REJECT);
    assertThat(producer.history()).isEmpty();
  }

  @Test
  void shouldStartTheLeaseOfARecordOnlyOnceItHasReadIt() {
    Delivery readable =
        Delivery.detached(assignments.record(TestAssignments.agentStep("s-1", "hello", 7)));
    Delivery unreadable = Delivery.detached(assignments.record("s-1", new byte[] {1, 2, 3}));

    runner(echo()).run(readable);
    runner(echo()).run(unreadable);

    assertThat(readable.hasLease()).isTrue();
    assertThat(unreadable.hasLease()).as("nothing to hand over: the record goes back").isFalse();
  }

  @Test
  void shouldRejectARecordWithoutValue() {
    Settlement settlement = runner(echo()).run(assignments.record("s-1", null));

    assertThat(settlement.type()).isEqualTo(AcknowledgeType.REJECT);
  }

  @Test
  void shouldAnswerAToolCallWithUnknownToolAndAccept() {
    Settlement settlement = run(echo(), TestAssignments.toolCall("s-1", "read_file", 3));

    assertThat(settlement.type()).isEqualTo(AcknowledgeType.ACCEPT);
    assertThat(onlyResult().getBody()).isInstanceOf(ToolCallNotStarted.class);
  }

  @Test
  void shouldStreamDeltasInOrderThenALastOneBeforeTheResult() {
    run(
        step -> {
          step.emit("a");
          step.emit("b");
          return StepResult.answer("ab");
        },
        TestAssignments.agentStep("s-1", "hello", 7));

    List<ProducerRecord<String, byte[]>> history = producer.history();
    assertThat(history)
        .extracting(ProducerRecord::topic)
        .containsExactly(STREAM, STREAM, STREAM, RESULTS);
    List<StreamDelta> deltas = history.subList(0, 3).stream().map(assignments::delta).toList();
    assertThat(deltas).extracting(StreamDelta::getText).containsExactly("a", "b", "");
    assertThat(deltas).extracting(StreamDelta::getIndex).containsExactly(0, 1, 2);
    assertThat(deltas).extracting(StreamDelta::getLast).containsExactly(false, false, true);
    assertThat(deltas.getFirst().getAttempt()).isEqualTo(1);
  }

  @Test
  void shouldGatherEmitsIntoOneDeltaAndSendItBeforeTheLastMarkerAndTheResult() {
    runner(
            step -> {
              step.emit("a");
              step.emit(DeltaKind.TEXT, "b");
              return StepResult.answer("ab");
            })
        .batchingDeltas(lingering())
        .run(assignments.record(TestAssignments.agentStep("s-1", "hello", 7)));

    List<ProducerRecord<String, byte[]>> history = producer.history();
    assertThat(history).extracting(ProducerRecord::topic).containsExactly(STREAM, STREAM, RESULTS);
    assertThat(history.subList(0, 2).stream().map(assignments::delta))
        .extracting(StreamDelta::getText)
        .containsExactly("ab", "");
  }

  @Test
  void shouldSendTheGatheredTextOfAFailedHandlerBeforeItsFailure() {
    runner(
            step -> {
              step.emit(DeltaKind.REASONING, "hmm");
              throw StepFailedException.nonRetryable("BAD_INPUT", "cannot answer that");
            })
        .batchingDeltas(lingering())
        .run(assignments.record(TestAssignments.agentStep("s-1", "hello", 7)));

    List<ProducerRecord<String, byte[]>> history = producer.history();
    assertThat(history).extracting(ProducerRecord::topic).containsExactly(STREAM, RESULTS);
    StreamDelta delta = assignments.delta(history.getFirst());
    assertThat(delta.getKind() + ":" + delta.getText()).isEqualTo("reasoning:hmm");
    assertThat(assignments.result(history.getLast()).getBody()).isInstanceOf(StepFailed.class);
  }

  @Test
  void shouldSendNoDeltaWhenTheHandlerEmitsNothing() {
    run(echo(), TestAssignments.agentStep("s-1", "hello", 7));

    assertThat(producer.history()).extracting(ProducerRecord::topic).containsExactly(RESULTS);
  }

  @Test
  void shouldNotStartAStepWhoseStopTheBarrierReads() {
    RunningAssignments running = new RunningAssignments();
    List<String> handled = new ArrayList<>();
    SignalBarrier readsTheStop = sessionId -> running.stop(sessionId, "turn-1", 7) >= 0;

    Settlement settlement =
        behind(running, readsTheStop, step -> record(handled, step.input()))
            .run(assignments.record(TestAssignments.agentStep("s-1", "hello", 7)));

    assertThat(settlement.type()).isEqualTo(AcknowledgeType.ACCEPT);
    assertThat(handled).isEmpty();
    assertThat(producer.history()).isEmpty();
  }

  @Test
  void shouldReleaseAStepWhoseSessionsSignalsCannotBeReadInTime() {
    List<String> handled = new ArrayList<>();

    Settlement settlement =
        behind(new RunningAssignments(), sessionId -> false, step -> record(handled, step.input()))
            .run(assignments.record(TestAssignments.agentStep("s-1", "hello", 7)));

    assertThat(settlement.type()).isEqualTo(AcknowledgeType.RELEASE);
    assertThat(handled).isEmpty();
    assertThat(producer.history()).isEmpty();
  }

  @Test
  void shouldRunAStepBehindABarrierThatFindsNoStop() {
    Settlement settlement =
        behind(new RunningAssignments(), sessionId -> true, echo())
            .run(assignments.record(TestAssignments.agentStep("s-1", "hello", 7)));

    assertThat(settlement.type()).isEqualTo(AcknowledgeType.ACCEPT);
    assertThat(((AgentAnswered) onlyResult().getBody()).getMessage().getContent())
        .isEqualTo("echo: hello");
  }

  private static StepResult record(List<String> handled, String input) {
    handled.add(input);
    return StepResult.answer(input);
  }

  private StepRunner behind(RunningAssignments running, SignalBarrier signals, AgentHandler agent) {
    return new StepRunner(
        agent,
        assignments.assignmentSerde(),
        publisher(),
        ToolRegistry.empty(),
        null,
        Clock.fixed(NOW, ZoneOffset.UTC),
        new StepRunner.Supervision(
            running, null, dev.baton.worker.WorkerOptions.DEFAULT_DELIVERY_LIMIT, signals));
  }

  private Settlement run(AgentHandler handler, Assignment assignment) {
    return runner(handler).run(assignments.record(assignment));
  }

  private StepRunner runner(AgentHandler handler) {
    return new StepRunner(handler, assignments.assignmentSerde(), publisher());
  }

  /** Batching whose linger never passes: only the step's end sends what it gathered. */
  private static DeltaBatching lingering() {
    return new DeltaBatching(
        Duration.ofMinutes(1), ResultPublisher.DEFAULT_MAX_RESULT_BYTES, (task, delay) -> () -> {});
  }

  private ResultPublisher publisher() {
    return new ResultPublisher(
        producer,
        assignments.resultSerde(),
        assignments.deltaSerde(),
        RESULTS,
        STREAM,
        "w-1",
        Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private WorkerResult onlyResult() {
    assertThat(producer.history()).hasSize(1);
    return assignments.result(producer.history().getFirst());
  }

  private static AgentHandler echo() {
    return step -> StepResult.answer("echo: " + step.input());
  }

  private static MockProducer<String, byte[]> producer(boolean autoComplete) {
    return new MockProducer<>(
        autoComplete, null, new StringSerializer(), new ByteArraySerializer());
  }
}
