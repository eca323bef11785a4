package dev.baton.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.baton.schemas.avro.AgentAnswered;
import dev.baton.schemas.avro.WorkerResult;
import dev.baton.worker.internal.ClientFactory;
import dev.baton.worker.internal.FakeShareConsumer;
import dev.baton.worker.internal.TestAssignments;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ShareConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The worker end to end on Kafka's mock clients. */
class WorkerTest {

  private final TestAssignments assignments = new TestAssignments();
  private final List<FakeShareConsumer> consumers = new ArrayList<>();
  private final MockProducer<String, byte[]> producer =
      new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
  private Worker worker;

  @AfterEach
  void stopWorker() throws InterruptedException {
    if (worker != null) {
      worker.shutdownNow();
      worker.awaitTermination(Duration.ofSeconds(5));
    }
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

    await().until(() -> consumer().acks().size() == 10);
    assertThat(mostRunning.get()).isEqualTo(3);
    assertThat(consumer().ackTypes())
        .containsOnly(AcknowledgeType.ACCEPT, AcknowledgeType.RELEASE)
        .filteredOn(type -> type == AcknowledgeType.ACCEPT)
        .hasSize(3);
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
        .clients(new MockClients())
        .build();
  }

  /** Hands out fake consumers, remembered in order, and the one mock producer. */
  private final class MockClients implements ClientFactory {
    @Override
    public synchronized ShareConsumer<String, byte[]> shareConsumer(Map<String, Object> config) {
      FakeShareConsumer consumer = new FakeShareConsumer();
      consumers.add(consumer);
      return consumer;
    }

    @Override
    public Producer<String, byte[]> producer(Map<String, Object> config) {
      return producer;
    }
  }
}
