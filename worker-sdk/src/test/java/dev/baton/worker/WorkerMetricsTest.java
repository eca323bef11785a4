package dev.baton.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.worker.internal.FakeShareConsumer;
import dev.baton.worker.internal.TestAssignments;
import dev.baton.worker.lock.LockUnavailableException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The meters a worker records, for real runs on Kafka's mock clients and fake locks. */
class WorkerMetricsTest {

  private static final List<OperationClass> READ_WRITE =
      List.of(OperationClass.READ, OperationClass.WRITE);

  private final TestAssignments assignments = new TestAssignments();
  private final MockClients clients = new MockClients();
  private final MeterRegistry registry = new SimpleMeterRegistry();
  private Worker worker;

  @AfterEach
  void stopWorker() throws InterruptedException {
    MockClients.stopNow(worker);
  }

  @Test
  void shouldCountStepsByOutcomeAndTimeThem() {
    worker = start(workerBuilder());
    consumer()
        .deliver(
            List.of(
                assignments.record(TestAssignments.agentStep("s-1", "hi", 1)),
                assignments.record(TestAssignments.agentStep("s-2", "fail", 1)),
                assignments.record(TestAssignments.agentStep("s-3", "again", 1), 3)));

    await().until(() -> consumer().acks().size() == 3);
    assertThat(count("baton.worker.steps", "outcome", "completed")).isEqualTo(2);
    assertThat(count("baton.worker.steps", "outcome", "failed")).isEqualTo(1);
    Timer completed =
        registry.get("baton.worker.step.duration").tag("outcome", "completed").timer();
    assertThat(completed.count()).isEqualTo(2);
    var deliveries = registry.get("baton.worker.delivery.count").summary();
    assertThat(deliveries.count()).isEqualTo(3);
    assertThat(deliveries.totalAmount()).isEqualTo(1 + 1 + 3);
    assertThat(deliveries.max()).isEqualTo(3);
  }

  @Test
  void shouldCountToolCallsByClassAndOutcomeAndTheLockWaits() {
    clients.locks.waitTime(Duration.ofMillis(42));
    worker = start(workerBuilder());
    consumer()
        .deliver(
            List.of(
                assignments.record(TestAssignments.toolCall("s-1", "read_note", 1, 0, READ_WRITE)),
                assignments.record(TestAssignments.toolCall("s-1", "write_note", 1, 1, READ_WRITE)),
                assignments.record(TestAssignments.toolCall("s-2", "no_such_tool", 1))));

    await().until(() -> consumer().acks().size() == 3);
    assertThat(count("baton.worker.tool.calls", "class", "read", "outcome", "ok")).isEqualTo(1);
    assertThat(count("baton.worker.tool.calls", "class", "write", "outcome", "error")).isEqualTo(1);
    assertThat(count("baton.worker.tool.calls", "class", "read", "outcome", "not_started"))
        .isEqualTo(1);
    assertThat(count("baton.worker.tool.calls.not.started", "reason", "unknown_tool")).isEqualTo(1);
    assertThat(registry.get("baton.worker.tool.call.duration").timers())
        .extracting(Timer::count)
        .containsExactlyInAnyOrder(1L, 1L, 1L);
    Timer readWait = registry.get("baton.worker.lock.wait").tag("class", "read").timer();
    assertThat(readWait.count()).isEqualTo(1);
    assertThat(readWait.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(42);
    assertThat(count("baton.worker.lock.contended", "class", "write")).isEqualTo(1);
    assertThat(registry.get("baton.worker.redis.round.trip").timer().count()).isEqualTo(2);
    assertThat(registry.get("baton.worker.redis.up").gauge().value()).isEqualTo(1);
  }

  @Test
  void shouldShowRedisDownAndCountOrderedCalls() {
    clients.locks.failWith(LockUnavailableException::closed);
    worker = start(workerBuilder());
    assertThat(registry.get("baton.worker.redis.up").gauge().value()).as("not known yet").isNaN();
    consumer()
        .deliver(List.of(assignments.record(TestAssignments.toolCall("s-1", "read_note", 1))));
    await().until(() -> consumer().acks().size() == 1);
    assertThat(count("baton.worker.tool.calls.not.started", "reason", "lock_unavailable"))
        .isEqualTo(1);
    assertThat(registry.get("baton.worker.redis.up").gauge().value()).isZero();

    var ordered = TestAssignments.ordered(TestAssignments.toolCall("s-1", "read_note", 2));
    consumer().deliver(List.of(assignments.record(ordered)));
    await().until(() -> consumer().acks().size() == 2);
    assertThat(count("baton.worker.tool.calls.ordered", "class", "read")).isEqualTo(1);
    assertThat(count("baton.worker.tool.calls", "class", "read", "outcome", "ok")).isEqualTo(1);
    assertThat(registry.find("baton.worker.lock.wait").timers()).as("no lock taken").isEmpty();
  }

  @Test
  void shouldCountRenewalsAndLostRecordsAndGaugeTheHandlerSlots() throws InterruptedException {
    CountDownLatch running = new CountDownLatch(1);
    worker =
        start(
            workerBuilder()
                .leaseRenewInterval(Duration.ofMillis(100))
                .agent(
                    step -> {
                      running.countDown();
                      while (!step.isCancelled()) {
                        Thread.sleep(5);
                      }
                      return StepResult.answer("too late");
                    }));
    assertThat(registry.get("baton.worker.handler.slots.max").gauge().value()).isEqualTo(4);
    assertThat(registry.get("baton.worker.records.waiting").gauge().value()).isZero();
    consumer().deliver(List.of(assignments.record(TestAssignments.agentStep("s-1", "hi", 1))));
    running.await();
    assertThat(registry.get("baton.worker.handler.slots.used").gauge().value()).isEqualTo(1);

    consumer().refuseRenewals();

    await().until(() -> count("baton.worker.steps", "outcome", "lost") == 1);
    assertThat(count("baton.worker.records.lost")).isEqualTo(1);
    assertThat(count("baton.worker.lease.renewals")).isGreaterThanOrEqualTo(1);
    await().until(() -> registry.get("baton.worker.handler.slots.used").gauge().value() == 0);
  }

  @Test
  void shouldRemoveItsGaugesWhenItTerminates() throws InterruptedException {
    worker = start(workerBuilder());
    assertThat(registry.find("baton.worker.handler.slots.used").gauge()).isNotNull();

    worker.shutdown();
    assertThat(worker.awaitTermination(Duration.ofSeconds(5))).isTrue();

    assertThat(registry.find("baton.worker.handler.slots.used").gauge()).isNull();
    assertThat(registry.find("baton.worker.records.waiting").gauge()).isNull();
  }

  @Test
  void shouldRecordNothingWithoutARegistry() {
    WorkerOptions options =
        WorkerOptions.builder().kafka("b:9092").schemaRegistry("http://r").build();

    assertThat(options.meterRegistry().getMeters()).isEmpty();
    options.meterRegistry().counter("baton.worker.steps").increment();
    assertThat(options.meterRegistry().find("baton.worker.steps").counter().count()).isZero();
  }

  private Worker start(Worker.Builder builder) {
    Worker started = builder.build();
    started.start();
    return started;
  }

  private Worker.Builder workerBuilder() {
    return Worker.builder()
        .kafka("unused:9092")
        .schemaRegistry(assignments.registry())
        .registerSchemas(true)
        .workerId("w-metrics")
        .maxInFlight(4)
        .pollers(1)
        .pollTimeout(Duration.ofMillis(20))
        .redis("redis://unused:6379")
        .meterRegistry(registry)
        .agent(
            step -> {
              if (step.input().equals("fail")) {
                throw StepFailedException.nonRetryable("BAD_INPUT", "no");
              }
              return StepResult.answer("echo: " + step.input());
            })
        .tool("read_note", OperationClass.READ, call -> ToolResult.ok("note"))
        .tool("write_note", OperationClass.WRITE, call -> ToolResult.error("read-only"))
        .clients(clients);
  }

  private FakeShareConsumer consumer() {
    await().until(() -> !clients.consumers.isEmpty());
    return clients.consumers.getFirst();
  }

  private double count(String name, String... tags) {
    var counter = registry.find(name).tags(tags).counter();
    return counter == null ? 0 : counter.count();
  }
}
