package dev.baton.worker.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.schemas.avro.Assignment;
import dev.baton.schemas.avro.ToolCallFinished;
import dev.baton.worker.OperationClass;
import dev.baton.worker.StepResult;
import dev.baton.worker.ToolResult;
import dev.baton.worker.internal.Locks;
import dev.baton.worker.internal.Settlement;
import dev.baton.worker.internal.StepRunner;
import dev.baton.worker.internal.TestAssignments;
import dev.baton.worker.internal.ToolRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Zombie tool calls through the SDK's runner with the real turn lock: a worker killed between
 * publishing a result and releasing the lock, a second delivery while the first still runs, and a
 * holder whose lock is taken over while its tool runs.
 */
@Tag("integration")
class ToolCallZombieIT {

  private static final LockOptions SHORT_TTL = TurnLockExpiryIT.SHORT_TTL;

  private final TestAssignments assignments = new TestAssignments();
  private final AtomicInteger runs = new AtomicInteger();
  private final String uri = TestRedis.shared().uri();

  @Test
  void shouldNotRunAWriteAgainWhenItsWorkerDiedBetweenPublishingAndReleasing() throws Exception {
    ConsumerRecord<String, byte[]> record = assignments.record(writeCall());
    MockProducer<String, byte[]> firstProducer = producer(false);
    TurnLocks killed = TurnLocks.create(uri, SHORT_TTL);
    StepRunner first = runner(firstProducer, killed::acquire, call -> ToolResult.ok("wrote"));
    CompletableFuture<Settlement> firstRun = new CompletableFuture<>();
    Thread.ofVirtual().start(() -> firstRun.complete(first.run(record)));
    await().until(() -> firstProducer.history().size() == 1);
    killed.close(); // the process dies: no renewal, no release, and its ACCEPT never arrives
    firstProducer.completeNext();
    firstRun.get(5, TimeUnit.SECONDS);

    MockProducer<String, byte[]> secondProducer = producer(true);
    try (TurnLocks survivor = TurnLocks.create(uri, SHORT_TTL)) {
      StepRunner second =
          runner(secondProducer, survivor::acquire, call -> ToolResult.ok("wrote again"));
      Settlement redelivered = second.run(record); // the share group delivers it again

      assertThat(redelivered.type()).isEqualTo(AcknowledgeType.ACCEPT);
      assertThat(runs).hasValue(1);
      ToolCallFinished republished =
          (ToolCallFinished) assignments.result(secondProducer.history().getFirst()).getBody();
      assertThat(republished.getToolResult().getContent()).isEqualTo("wrote");
    }
  }

  @Test
  void shouldNotRunASecondDeliveryBesideTheFirst() throws Exception {
    Assignment write = writeCall();
    CountDownLatch release = new CountDownLatch(1);
    try (TurnLocks firstLocks = TurnLocks.create(uri, SHORT_TTL);
        TurnLocks secondLocks = TurnLocks.create(uri, SHORT_TTL)) {
      StepRunner first = runner(producer(true), firstLocks::acquire, call -> blockOn(release));
      StepRunner second = runner(producer(true), secondLocks::acquire, call -> blockOn(release));
      CompletableFuture<Settlement> firstRun = new CompletableFuture<>();
      Thread.ofVirtual().start(() -> firstRun.complete(first.run(assignments.record(write))));
      await().until(() -> runs.get() == 1);

      CompletableFuture<Settlement> secondRun = new CompletableFuture<>();
      Thread.ofVirtual().start(() -> secondRun.complete(second.run(assignments.record(write))));
      await()
          .during(Duration.ofMillis(1500))
          .atMost(Duration.ofSeconds(3))
          .until(() -> runs.get() == 1);
      release.countDown();

      assertThat(firstRun.get(5, TimeUnit.SECONDS).type()).isEqualTo(AcknowledgeType.ACCEPT);
      assertThat(secondRun.get(5, TimeUnit.SECONDS).type()).isEqualTo(AcknowledgeType.ACCEPT);
      assertThat(runs).hasValue(1); // the second found the call finished
    }
  }

  @Test
  void shouldCancelACallWhoseLockIsTakenOverAndPublishNothing() throws Exception {
    Assignment write = writeCall();
    MockProducer<String, byte[]> producer = producer(true);
    try (TurnLocks locks = TurnLocks.create(uri, SHORT_TTL)) {
      StepRunner runner =
          runner(
              producer,
              locks::acquire,
              call -> {
                await().atMost(Duration.ofSeconds(5)).until(call::isCancelled);
                return ToolResult.ok("stopped early");
              });
      CompletableFuture<Settlement> run = new CompletableFuture<>();
      Thread.ofVirtual().start(() -> run.complete(runner.run(assignments.record(write))));
      await().until(() -> runs.get() == 1);

      TestRedis.shared()
          .admin()
          .hset(
              dev.baton.worker.lock.internal.StepKeys.of(request(write)).holders(),
              "0",
              "1 another-delivery");

      assertThat(run.get(5, TimeUnit.SECONDS).type()).isEqualTo(AcknowledgeType.RELEASE);
      assertThat(producer.history()).isEmpty();
    }
  }

  private ToolResult blockOn(CountDownLatch latch) throws InterruptedException {
    latch.await();
    return ToolResult.ok("done");
  }

  private StepRunner runner(
      MockProducer<String, byte[]> producer,
      Function<LockRequest, CallLock> acquire,
      dev.baton.worker.ToolHandler handler) {
    dev.baton.worker.ToolHandler counted =
        call -> {
          runs.incrementAndGet();
          return handler.handle(call);
        };
    return new StepRunner(
        step -> StepResult.answer("unused"),
        assignments.assignmentSerde(),
        assignments.publisher(producer),
        ToolRegistry.of(
            Map.of("write", new ToolRegistry.Tool("write", OperationClass.WRITE, counted))),
        new Locks() {
          @Override
          public CallLock acquire(LockRequest request) {
            return acquire.apply(request);
          }

          @Override
          public void close() {}
        },
        Clock.systemUTC());
  }

  private static Assignment writeCall() {
    return TestAssignments.toolCall(
        "session-" + UUID.randomUUID(), "write", 3, 0, List.of(OperationClass.WRITE));
  }

  private static LockRequest request(Assignment assignment) {
    return new LockRequest(
        assignment.getSessionId(),
        assignment.getTurnId(),
        assignment.getStep(),
        assignment.getFencingToken(),
        0,
        List.of(OperationClass.WRITE));
  }

  private static MockProducer<String, byte[]> producer(boolean autoComplete) {
    return new MockProducer<>(
        autoComplete, null, new StringSerializer(), new ByteArraySerializer());
  }
}
