package dev.baton.cli.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.cli.stack.StackAddresses;
import dev.baton.cli.testkit.BatonStackTest;
import dev.baton.cli.testkit.TestIds;
import dev.baton.schemas.avro.AgentAnswered;
import dev.baton.schemas.avro.Assignment;
import dev.baton.schemas.avro.LeaseRenewed;
import dev.baton.schemas.avro.StepFailed;
import dev.baton.schemas.avro.WorkerResult;
import dev.baton.worker.StepFailedException;
import dev.baton.worker.StepResult;
import dev.baton.worker.Worker;
import dev.baton.worker.WorkerOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The worker SDK and the echo agent on a real broker and schema registry: acknowledgements, the
 * in-flight bound, redelivery, the coordinator's STOP signal and poison records.
 */
@BatonStackTest
class WorkerIT {

  private WorkerFixture fixture;

  @BeforeEach
  void setUp(StackAddresses stack, TestIds ids) {
    fixture = new WorkerFixture(stack, ids);
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    fixture.close();
  }

  @Test
  void shouldAnswerEveryAgentStepWithItsEchoAndFencingToken() {
    fixture.startWorker("echo-1", new EchoAgent(), 8, 2);

    List<Assignment> assigned =
        List.of(fixture.assign("hello"), fixture.assign("sleep 200 hi"), fixture.assign("bye"));

    for (Assignment assignment : assigned) {
      WorkerResult result = awaitOneResult(assignment);
      assertThat(result.getSessionId()).isEqualTo(assignment.getSessionId());
      assertThat(result.getTurnId()).isEqualTo(assignment.getTurnId());
      assertThat(result.getFencingToken()).isEqualTo(assignment.getFencingToken());
      assertThat(result.getWorkerId()).isEqualTo("echo-1");
      assertThat(answer(result))
          .isEqualTo(
              EchoAgent.answerTo(
                  ((dev.baton.schemas.avro.AgentStep) assignment.getBody()).getInput()));
    }
  }

  @Test
  void shouldRedeliverAStepToAnotherWorkerWhenTheFirstShutsDownNowMidStep()
      throws InterruptedException {
    CountDownLatch started = new CountDownLatch(1);
    Worker first =
        fixture.startWorker(
            "stuck",
            step -> {
              started.countDown();
              Thread.sleep(Duration.ofMinutes(10));
              return StepResult.answer("never");
            },
            4,
            1);
    Assignment assignment = fixture.assign("slow");
    started.await();

    first.shutdownNow();
    assertThat(first.awaitTermination(Duration.ofSeconds(30))).isTrue();
    fixture.startWorker("rescuer", new EchoAgent(), 4, 1);

    WorkerResult result = awaitOneResult(assignment);
    assertThat(result.getWorkerId()).isEqualTo("rescuer");
    assertThat(answer(result)).isEqualTo("echo: slow");
  }

  @Test
  void shouldRunNoMoreThanMaxInFlightStepsAtOnce() {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger mostRunning = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    Worker worker =
        fixture.startWorker(
            "bounded",
            step -> {
              mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
              try {
                release.await();
              } finally {
                running.decrementAndGet();
              }
              return StepResult.answer("done " + step.input());
            },
            3,
            // One share consumer per step, the default.
            3);
    // Every partition gets steps: while a share group has no more members than the topic has
    // partitions, the broker gives each partition to one member.
    List<Assignment> assigned =
        IntStream.range(0, 8).mapToObj(i -> fixture.assignRoundRobin(i, "step " + i)).toList();

    await().until(() -> running.get() == 3);
    assertThat(worker.inFlight()).isEqualTo(3);
    release.countDown();

    await().until(() -> assigned.stream().allMatch(a -> !fixture.resultsFor(a).isEmpty()));
    assertThat(mostRunning.get()).isEqualTo(3);
  }

  @Test
  void shouldRedeliverAStepThatFailedRetryably() {
    Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
    fixture.startWorker(
        "flaky",
        step -> {
          int delivery =
              deliveries
                  .computeIfAbsent(step.assignmentId(), id -> new AtomicInteger())
                  .incrementAndGet();
          if (delivery == 1) {
            throw StepFailedException.retryable("model rate limited");
          }
          return StepResult.answer("second time lucky");
        },
        4,
        1);

    Assignment assignment = fixture.assign("try me");

    WorkerResult result = awaitOneResult(assignment);
    assertThat(answer(result)).isEqualTo("second time lucky");
    assertThat(deliveries.get(assignment.getAssignmentId())).hasValue(2);
  }

  @Test
  void shouldPublishStepFailedAndNeverRedeliverANonRetryableFailure() {
    Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
    fixture.startWorker(
        "strict",
        step -> {
          deliveries.computeIfAbsent(step.input(), id -> new AtomicInteger()).incrementAndGet();
          if (step.input().equals("bad")) {
            throw StepFailedException.nonRetryable("BAD_INPUT", "cannot answer that");
          }
          return StepResult.answer("ok");
        },
        4,
        1);

    Assignment bad = fixture.assign("bad");
    WorkerResult failed = awaitOneResult(bad);
    Assignment marker = fixture.assign("marker");
    awaitOneResult(marker);

    StepFailed body = (StepFailed) failed.getBody();
    assertThat(body.getRetryable()).isFalse();
    assertThat(body.getError().getCode()).isEqualTo("BAD_INPUT");
    assertThat(failed.getFencingToken()).isEqualTo(bad.getFencingToken());
    assertThat(deliveries.get("bad")).hasValue(1);
    assertThat(fixture.resultsFor(bad)).hasSize(1);
  }

  @Test
  void shouldRejectARecordThatIsNotAnAssignmentAndGoOn() {
    AtomicInteger calls = new AtomicInteger();
    fixture.startWorker(
        "picky",
        step -> {
          calls.incrementAndGet();
          return StepResult.answer("ok");
        },
        4,
        1);

    fixture.produceRaw("poison", new byte[] {42, 42, 42});
    Assignment marker = fixture.assign("after the poison");

    awaitOneResult(marker);
    assertThat(calls).hasValue(1);
  }

  @Test
  void shouldCancelARunningHandlerWithinASecondAndFreeItsSlot() throws InterruptedException {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicLong cancelSeenAt = new AtomicLong();
    Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    fixture.startWorker(
        "cancellable",
        step -> {
          runs.computeIfAbsent(step.assignmentId(), id -> new AtomicInteger()).incrementAndGet();
          if (!step.input().equals("long")) {
            return StepResult.answer("done " + step.input());
          }
          started.countDown();
          while (!step.isCancelled()) {
            Thread.sleep(5);
          }
          cancelSeenAt.set(System.nanoTime());
          // Ignores the flag from here on: the slot must be free anyway.
          release.await();
          return StepResult.answer("too late");
        },
        // One slot: the next step can only run once the cancelled one's slot is free.
        1,
        1);
    Assignment cancelled = fixture.assign("long");
    started.await();

    fixture.stopTurnOf(cancelled);
    long signalWritten = System.nanoTime();

    await().until(() -> cancelSeenAt.get() != 0);
    Duration latency = Duration.ofNanos(cancelSeenAt.get() - signalWritten);
    assertThat(latency).isLessThan(Duration.ofSeconds(1));

    Assignment next = fixture.assign("next");
    await().until(() -> !fixture.resultsFor(next).isEmpty());
    release.countDown();

    // A later assignment of the stopped turn (same turn and token) is settled without running.
    Assignment late =
        Assignment.newBuilder(cancelled)
            .setAssignmentId(cancelled.getAssignmentId() + "-late")
            .build();
    fixture.produce(late);
    Assignment marker = fixture.assign("marker");
    await().until(() -> !fixture.resultsFor(marker).isEmpty());

    assertThat(runs.get(cancelled.getAssignmentId())).hasValue(1);
    assertThat(runs).doesNotContainKey(late.getAssignmentId());
    assertThat(fixture.resultsFor(cancelled))
        .allSatisfy(r -> assertThat(r.getBody()).isInstanceOf(LeaseRenewed.class));
    assertThat(fixture.resultsFor(late)).isEmpty();
    assertThat(fixture.resultsFor(next))
        .singleElement()
        .satisfies(r -> assertThat(r.getBody()).isInstanceOf(AgentAnswered.class));
    System.out.printf("STOP signal to isCancelled(): %d ms%n", latency.toMillis());
  }

  @Test
  void shouldRejectAndReportARecordThatFailsOnEveryDeliveryUpToTheLimit() {
    Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    fixture.startWorker(
        "poisoned",
        step -> {
          runs.computeIfAbsent(step.input(), id -> new AtomicInteger()).incrementAndGet();
          if (step.input().equals("poison")) {
            throw StepFailedException.retryable("the model keeps timing out");
          }
          return StepResult.answer("ok");
        },
        1,
        1);

    Assignment poison = fixture.assign("poison");
    await().until(() -> !fixture.resultsFor(poison).isEmpty());
    Assignment marker = fixture.assign("marker");
    await().until(() -> !fixture.resultsFor(marker).isEmpty());

    int limit = WorkerOptions.DEFAULT_DELIVERY_LIMIT;
    assertThat(runs.get("poison")).hasValue(limit);
    List<WorkerResult> results = fixture.resultsFor(poison);
    assertThat(results)
        .singleElement()
        .satisfies(r -> assertThat(r.getBody()).isInstanceOf(StepFailed.class));
    StepFailed failed = (StepFailed) results.getFirst().getBody();
    assertThat(failed.getRetryable()).isTrue();
    assertThat(failed.getCallId()).isNull();
    assertThat(failed.getError().getCode()).isEqualTo("POISON");
    assertThat(failed.getError().getMessage())
        .contains("delivered " + limit + " times")
        .contains("the model keeps timing out");
  }

  private WorkerResult awaitOneResult(Assignment assignment) {
    await().until(() -> !fixture.resultsFor(assignment).isEmpty());
    List<WorkerResult> results = fixture.resultsFor(assignment);
    assertThat(results).hasSize(1);
    return results.getFirst();
  }

  private static String answer(WorkerResult result) {
    assertThat(result.getBody()).isInstanceOf(AgentAnswered.class);
    return ((AgentAnswered) result.getBody()).getMessage().getContent();
  }

  private static ConditionFactory await() {
    return Awaitility.await().atMost(Duration.ofSeconds(60)).pollInSameThread();
  }
}
