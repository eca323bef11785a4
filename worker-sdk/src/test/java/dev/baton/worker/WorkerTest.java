package dev.baton.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.baton.schemas.avro.AgentAnswered;
import dev.baton.schemas.avro.ToolCallFinished;
import dev.baton.schemas.avro.ToolCallRequest;
import dev.baton.schemas.avro.ToolCallsRequested;
import dev.baton.schemas.avro.WorkerResult;
import dev.baton.worker.internal.FakeLocks;
import dev.baton.worker.internal.FakeShareConsumer;
import dev.baton.worker.internal.FakeSignals;
import dev.baton.worker.internal.TestAssignments;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.producer.MockProducer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The worker end to end on Kafka's mock clients. */
class WorkerTest {

  private final TestAssignments assignments = new TestAssignments();
  private final MockClients clients = new MockClients();
  private final List<FakeShareConsumer> consumers = clients.consumers;
  private final List<FakeSignals> signals = clients.signals;
  private final MockProducer<String, byte[]> producer = clients.producer;
  private final FakeLocks locks = clients.locks;
  private Worker worker;

  @AfterEach
  void stopWorker() throws InterruptedException {
    MockClients.stopNow(worker);
  }

  @Test
  void shouldPublishTheAnswerWithTheFencingTokenThenAccept() throws InterruptedException {
    worker = worker(step -> StepResult.answer("echo: " + step.input()), 4, 1);
    worker.start();
    consumer().deliver(List.of(assignments.record(TestAssignments.agentStep("s-1", "hi", 9))));

    await().until(() -> consumer().ackTypes().equals(List.of(AcknowledgeType.ACCEPT)));
    WorkerResult result = assignments.result(producer.history().getFirst());
    assertThat(result.getFencingToken()).isEqualTo(9);
    assertThat(((AgentAnswered) result.getBody()).getMessage().getContent()).isEqualTo("echo: hi");

    worker.shutdown();
    assertThat(worker.awaitTermination(Duration.ofSeconds(5))).isTrue();
    assertThat(worker.state()).isEqualTo(WorkerState.TERMINATED);
    assertThat(consumer().isClosed()).isTrue();
    assertThat(producer.closed()).isTrue();
    // The listener's consumer and the barrier's.
    assertThat(signals).hasSize(2).allSatisfy(s -> assertThat(s.closed()).isTrue());
  }

  @Test
  void shouldRunNoMoreThanMaxInFlightStepsAtOnce() throws InterruptedException {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger mostRunning = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    worker =
        worker(
            step -> {
              mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
              release.await();
              running.decrementAndGet();
              return StepResult.answer("done");
            },
            3,
            1);
    worker.start();
    consumer()
        .deliver(
            IntStream.range(0, 10)
                .mapToObj(i -> assignments.record(TestAssignments.agentStep("s-" + i, "x", i)))
                .toList());

    await().until(() -> running.get() == 3);
    assertThat(worker.inFlight()).isEqualTo(3);
    release.countDown();

    // A slow machine may renew the three held records first: renewals are not final.
    await().until(() -> finalAcks(consumer()).size() == 10);
    assertThat(mostRunning.get()).isEqualTo(3);
    assertThat(finalAcks(consumer()))
        .containsOnly(AcknowledgeType.ACCEPT, AcknowledgeType.RELEASE)
        .filteredOn(type -> type == AcknowledgeType.ACCEPT)
        .hasSize(3);
  }

  private static List<AcknowledgeType> finalAcks(FakeShareConsumer consumer) {
    return consumer.ackTypes().stream().filter(type -> type != AcknowledgeType.RENEW).toList();
  }

  @Test
  void shouldInterruptHandlersAndReleaseTheirAssignmentsWhenShutDownNow()
      throws InterruptedException {
    CountDownLatch started = new CountDownLatch(1);
    worker =
        worker(
            step -> {
              started.countDown();
              Thread.sleep(Duration.ofMinutes(5));
              return StepResult.answer("too late");
            },
            4,
            1);
    worker.start();
    consumer().deliver(List.of(assignments.record(TestAssignments.agentStep("s-1", "hi", 1))));
    started.await();

    worker.shutdownNow();

    assertThat(worker.awaitTermination(Duration.ofSeconds(5))).isTrue();
    assertThat(consumer().ackTypes()).containsExactly(AcknowledgeType.RELEASE);
    assertThat(producer.history()).isEmpty();
  }

  @Test
  void shouldShareMaxInFlightBetweenItsPollers() {
    worker = worker(step -> StepResult.answer("x"), 10, 3);
    worker.start();

    await().until(() -> consumers.size() == 3);
    assertThat(worker.options().pollers()).isEqualTo(3);
  }

  @Test
  void shouldRefuseToStartTwice() {
    worker = worker(step -> StepResult.answer("x"), 1, 1);
    worker.start();

    assertThatThrownBy(worker::start)
        .isInstanceOf(WorkerException.class)
        .hasMessageContaining("RUNNING");
  }

  @Test
  void shouldTerminateWithoutStartingWhenShutDownUnstarted() throws InterruptedException {
    worker = worker(step -> StepResult.answer("x"), 1, 1);

    worker.shutdown();

    assertThat(worker.awaitTermination(Duration.ZERO)).isTrue();
    assertThat(consumers).isEmpty();
  }

  @Test
  void shouldRequireAnAgentHandler() {
    assertThatThrownBy(() -> Worker.builder().kafka("b:9092").schemaRegistry("http://r").build())
        .isInstanceOf(WorkerException.class)
        .hasMessageContaining("agent");
  }

  @Test
  void shouldRefuseToBuildAWorkerWithToolsButNoRedis() {
    assertThatThrownBy(
            () ->
                Worker.builder()
                    .kafka("b:9092")
                    .schemaRegistry("http://r")
                    .agent(step -> StepResult.answer("x"))
                    .tool("read_note", OperationClass.READ, call -> ToolResult.ok("x"))
                    .build())
        .isInstanceOf(WorkerException.class)
        .hasMessageContaining("redis")
        .hasMessageContaining("read_note")
        .hasMessageContaining("turn lock");
  }

  @Test
  void shouldRefuseToRegisterATwiceNamedTool() {
    Worker.Builder builder =
        Worker.builder().tool("read_note", OperationClass.READ, call -> ToolResult.ok("x"));

    assertThatThrownBy(
            () -> builder.tool("read_note", OperationClass.WRITE, call -> ToolResult.ok("y")))
        .isInstanceOf(WorkerException.class)
        .hasMessageContaining("read_note");
  }

  @Test
  void shouldRunToolCallsUnderTheLockAndDeclareToolClassesAndApprovalsInRequests()
      throws InterruptedException {
    worker =
        Worker.builder()
            .kafka("unused:9092")
            .schemaRegistry(assignments.registry())
            .registerSchemas(true)
            .redis("redis://unused:6379")
            .workerId("w-test")
            .maxInFlight(2)
            .pollers(1)
            .pollTimeout(Duration.ofMillis(20))
            .agent(
                step ->
                    StepResult.callTools(
                        ToolCall.of("read_note", "{}"), ToolCall.of("deploy", "{}")))
            .tool("read_note", OperationClass.READ, call -> ToolResult.ok("note " + call.index()))
            .tool(
                "deploy",
                OperationClass.WRITE,
                call -> ToolResult.ok("deployed"),
                ToolOption.NEEDS_APPROVAL)
            .clients(clients)
            .build();
    assertThat(worker.tools()).containsExactly("read_note", "deploy");
    worker.start();
    consumer()
        .deliver(
            List.of(
                assignments.record(TestAssignments.agentStep("s-1", "hi", 9)),
                assignments.record(
                    TestAssignments.toolCall(
                        "s-1", "read_note", 9, 0, List.of(OperationClass.READ)))));

    await().until(() -> consumer().acks().size() == 2);
    assertThat(consumer().ackTypes()).containsOnly(AcknowledgeType.ACCEPT);
    List<Object> bodies =
        producer.history().stream().map(r -> assignments.result(r).getBody()).toList();
    assertThat(bodies)
        .filteredOn(ToolCallsRequested.class::isInstance)
        .singleElement()
        .satisfies(
            b -> {
              List<ToolCallRequest> calls = ((ToolCallsRequested) b).getCalls();
              assertThat(calls)
                  .extracting(call -> String.valueOf(call.getDeclaredClass()))
                  .containsExactly("READ", "WRITE");
              assertThat(calls)
                  .extracting(ToolCallRequest::getNeedsApproval)
                  .containsExactly(false, true);
            });
    assertThat(bodies)
        .filteredOn(ToolCallFinished.class::isInstance)
        .singleElement()
        .satisfies(
            b ->
                assertThat(((ToolCallFinished) b).getToolResult().getContent())
                    .isEqualTo("note 0"));
    assertThat(locks.granted())
        .singleElement()
        .satisfies(l -> assertThat(l.end()).isEqualTo(FakeLocks.End.RELEASED));

    worker.shutdown();
    assertThat(worker.awaitTermination(Duration.ofSeconds(5))).isTrue();
    assertThat(locks.isClosed()).isTrue();
  }

  private FakeShareConsumer consumer() {
    await().until(() -> !consumers.isEmpty());
    return consumers.getFirst();
  }

  private Worker worker(AgentHandler agent, int maxInFlight, int pollers) {
    return Worker.builder()
        .kafka("unused:9092")
        .schemaRegistry(assignments.registry())
        .registerSchemas(true)
        .workerId("w-test")
        .maxInFlight(maxInFlight)
        .pollers(pollers)
        .pollTimeout(Duration.ofMillis(20))
        .agent(agent)
        .clients(clients)
        .build();
  }
}
