package dev.baton.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.schemas.avro.AgentAnswered;
import dev.baton.schemas.avro.Assignment;
import dev.baton.schemas.avro.LeaseRenewed;
import dev.baton.schemas.avro.StepFailed;
import dev.baton.schemas.avro.WorkerResult;
import dev.baton.worker.AgentHandler;
import dev.baton.worker.OperationClass;
import dev.baton.worker.StepFailedException;
import dev.baton.worker.StepResult;
import dev.baton.worker.ToolResult;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A {@link StepRunner} with STOP signals, leases and a delivery limit of 3. */
class SupervisedRunTest {

  private static final int LIMIT = 3;

  private final TestAssignments assignments = new TestAssignments();
  private final MockProducer<String, byte[]> producer =
      new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
  private final RunningAssignments running = new RunningAssignments();
  private final FakeLocks locks = new FakeLocks();
  private final List<Settlement> toLoop = new CopyOnWriteArrayList<>();
  private final ResultPublisher publisher = assignments.publisher(producer);
  private final Leases leases = new Leases(publisher, Optional.of(Duration.ofMillis(100)), "l");

  @AfterEach
  void close() {
    leases.close();
  }

  @Test
  void shouldSettleACancelledStepAtOnceAndNotPublishItsResult() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean sawCancel = new AtomicBoolean();
    Assignment step = TestAssignments.agentStep("s-1", "hi", 7);
    CompletableFuture<AcknowledgeType> ended =
        runAsync(
            handler -> {
              started.countDown();
              release.await();
              sawCancel.set(handler.isCancelled());
              return StepResult.answer("too late");
            },
            assignments.record(step, 1));
    started.await();

    running.stop("s-1", step.getTurnId(), 7);

    await().until(() -> !finalSettlements().isEmpty());
    assertThat(finalSettlements()).containsExactly(AcknowledgeType.ACCEPT);
    release.countDown();
    assertThat(ended.get()).isEqualTo(AcknowledgeType.ACCEPT);
    assertThat(sawCancel).isTrue();
    assertThat(results()).allSatisfy(r -> assertThat(r.getBody()).isInstanceOf(LeaseRenewed.class));
  }

  @Test
  void shouldSettleACancelledToolCallAtOnceAndReleaseItsLockWithoutPublishing() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean sawCancel = new AtomicBoolean();
    ToolRegistry tools =
        ToolRegistry.of(
            Map.of(
                "read",
                new ToolRegistry.Tool(
                    "read",
                    OperationClass.READ,
                    call -> {
                      started.countDown();
                      release.await();
                      sawCancel.set(call.isCancelled());
                      return ToolResult.ok("too late");
                    })));
    Assignment call = TestAssignments.toolCall("s-1", "read", 7);
    CompletableFuture<AcknowledgeType> ended = new CompletableFuture<>();
    StepRunner runner = runner(step -> StepResult.answer("unused"), tools, locks);
    Thread.ofVirtual()
        .start(
            () ->
                ended.complete(runner.run(new Delivery(assignments.record(call, 1), toLoop::add))));
    started.await();

    running.stop("s-1", call.getTurnId(), 7);

    await().until(() -> !finalSettlements().isEmpty());
    release.countDown();
    assertThat(ended.get()).isEqualTo(AcknowledgeType.ACCEPT);
    assertThat(finalSettlements()).containsExactly(AcknowledgeType.ACCEPT);
    assertThat(sawCancel).isTrue();
    assertThat(results())
        .allSatisfy(r -> assertThat(((LeaseRenewed) r.getBody()).getCallId()).isEqualTo("call-1"));
    assertThat(locks.granted())
        .singleElement()
        .satisfies(l -> assertThat(l.end()).isEqualTo(FakeLocks.End.RELEASED));
  }

  @Test
  void shouldNotRunAStepOfAStoppedTurn() {
    AtomicInteger runs = new AtomicInteger();
    Assignment step = TestAssignments.agentStep("s-1", "hi", 7);
    running.stop("s-1", step.getTurnId(), 9);

    AcknowledgeType settled = run(counting(runs), assignments.record(step, 1));

    assertThat(settled).isEqualTo(AcknowledgeType.ACCEPT);
    assertThat(runs).hasValue(0);
    assertThat(results()).isEmpty();
  }

  @Test
  void shouldRenewTheLeaseWhileTheHandlerRuns() {
    Assignment step = TestAssignments.agentStep("s-1", "hi", 7);

    AcknowledgeType settled =
        run(
            handler -> {
              await().until(() -> toLoop.size() >= 2);
              return StepResult.answer("done");
            },
            assignments.record(step, 1));

    assertThat(settled).isEqualTo(AcknowledgeType.ACCEPT);
    assertThat(toLoop).extracting(Settlement::type).containsOnly(AcknowledgeType.RENEW);
    assertThat(results().stream().filter(r -> r.getBody() instanceof LeaseRenewed)).isNotEmpty();
    // The renewals stop before the final result: none follows it.
    assertThat(results().getLast().getBody()).isInstanceOf(AgentAnswered.class);
  }

  @Test
  void shouldReleaseARetryableFailureBelowTheDeliveryLimit() {
    AcknowledgeType settled =
        run(failingRetryably(), assignments.record(TestAssignments.agentStep("s-1", "hi", 7), 2));

    assertThat(settled).isEqualTo(AcknowledgeType.RELEASE);
    assertThat(results()).isEmpty();
  }

  @Test
  void shouldReportAPoisonRecordWhenTheLastDeliveryFailsRetryably() {
    AcknowledgeType settled =
        run(failingRetryably(), assignments.record(TestAssignments.agentStep("s-1", "hi", 7), 3));

    assertThat(settled).isEqualTo(AcknowledgeType.REJECT);
    StepFailed failed = onlyStepFailed();
    assertThat(failed.getRetryable()).isTrue();
    assertThat(failed.getCallId()).isNull();
    assertThat(failed.getError().getCode()).isEqualTo("POISON");
    assertThat(failed.getError().getMessage())
        .contains("delivered 3 times")
        .contains("limit is 3")
        .contains("rate limited");
  }

  @Test
  void shouldRejectARecordOverTheDeliveryLimitWithoutRunningIt() {
    AtomicInteger runs = new AtomicInteger();
    Assignment call = TestAssignments.toolCall("s-1", "read", 7);

    AcknowledgeType settled = run(counting(runs), assignments.record(call, 4));

    assertThat(settled).isEqualTo(AcknowledgeType.REJECT);
    assertThat(runs).hasValue(0);
    StepFailed failed = onlyStepFailed();
    assertThat(failed.getCallId()).isEqualTo("call-1");
    assertThat(failed.getRetryable()).isTrue();
    assertThat(failed.getError().getMessage()).startsWith("POISON").contains("delivered 4 times");
  }

  @Test
  void shouldKeepAPermanentFailureNonRetryableOnTheLastDelivery() {
    AcknowledgeType settled =
        run(
            handler -> {
              throw StepFailedException.nonRetryable("BAD", "no");
            },
            assignments.record(TestAssignments.agentStep("s-1", "hi", 7), 3));

    assertThat(settled).isEqualTo(AcknowledgeType.REJECT);
    assertThat(onlyStepFailed().getError().getCode()).isEqualTo("BAD");
    assertThat(onlyStepFailed().getRetryable()).isFalse();
  }

  private AcknowledgeType run(AgentHandler handler, ConsumerRecord<String, byte[]> record) {
    return runner(handler).run(new Delivery(record, toLoop::add));
  }

  private CompletableFuture<AcknowledgeType> runAsync(
      AgentHandler handler, ConsumerRecord<String, byte[]> record) {
    CompletableFuture<AcknowledgeType> ended = new CompletableFuture<>();
    Thread.ofVirtual().start(() -> ended.complete(run(handler, record)));
    return ended;
  }

  private StepRunner runner(AgentHandler handler) {
    return runner(handler, ToolRegistry.empty(), null);
  }

  private StepRunner runner(AgentHandler handler, ToolRegistry tools, Locks locks) {
    return new StepRunner(
        handler,
        assignments.assignmentSerde(),
        publisher,
        tools,
        locks,
        Clock.systemUTC(),
        new StepRunner.Supervision(running, leases, LIMIT));
  }

  private List<AcknowledgeType> finalSettlements() {
    return toLoop.stream().map(Settlement::type).filter(t -> t != AcknowledgeType.RENEW).toList();
  }

  private List<WorkerResult> results() {
    return producer.history().stream().map(assignments::result).toList();
  }

  /** The one final result; lease renewals may come before it on a slow machine. */
  private StepFailed onlyStepFailed() {
    List<WorkerResult> finals =
        results().stream().filter(r -> !(r.getBody() instanceof LeaseRenewed)).toList();
    assertThat(finals).hasSize(1);
    return (StepFailed) finals.getFirst().getBody();
  }

  private static AgentHandler counting(AtomicInteger runs) {
    return step -> {
      runs.incrementAndGet();
      return StepResult.answer("ran");
    };
  }

  private static AgentHandler failingRetryably() {
    return step -> {
      throw StepFailedException.retryable("rate limited");
    };
  }
}
