package dev.baton.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.worker.internal.FakeShareConsumer.Ack;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PollLoopTest {

  private final TestAssignments assignments = new TestAssignments();
  private final FakeShareConsumer consumer = new FakeShareConsumer();
  private final HeldDispatcher dispatcher = new HeldDispatcher();
  private final List<Optional<Integer>> lockTimeouts = new CopyOnWriteArrayList<>();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private PollLoop loop;
  private Thread thread;

  @AfterEach
  void stopLoop() throws InterruptedException {
    if (loop != null) {
      loop.stop(true);
      thread.join(5_000);
    }
  }

  @Test
  void shouldAcknowledgeEachRecordWithItsSettlementAndCommit() {
    start(2);
    var first = record("a");
    var second = record("b");
    consumer.deliver(List.of(first, second));
    await().until(() -> dispatcher.held() == 2);

    dispatcher.settle(second, AcknowledgeType.REJECT);
    await().until(() -> consumer.acks().size() == 1);
    dispatcher.settle(first, AcknowledgeType.ACCEPT);

    await().until(() -> consumer.acks().size() == 2);
    assertThat(consumer.acks())
        .containsExactly(
            new Ack(RecordId.of(second), AcknowledgeType.REJECT),
            new Ack(RecordId.of(first), AcknowledgeType.ACCEPT));
    await().until(() -> consumer.commits() >= 2);
  }

  @Test
  void shouldNotPollWhileItsBatchIsUnsettled() throws InterruptedException {
    start(2);
    var first = record("a");
    consumer.deliver(List.of(first));
    await().until(() -> dispatcher.held() == 1);
    int polls = consumer.polls();

    Thread.sleep(100); // Proves an absence: nothing may poll meanwhile.
    assertThat(consumer.polls()).isEqualTo(polls);

    dispatcher.settle(first, AcknowledgeType.ACCEPT);
    await().until(() -> consumer.polls() > polls);
  }

  @Test
  void shouldReleaseRecordsBeyondItsCapacityWithoutRunningThem() {
    start(2);
    var records = List.of(record("a"), record("b"), record("c"));
    consumer.deliver(records);

    await().until(() -> dispatcher.held() == 2 && consumer.acks().size() == 1);
    assertThat(consumer.acks())
        .containsExactly(new Ack(RecordId.of(records.get(2)), AcknowledgeType.RELEASE));
    assertThat(loop.inFlight()).isEqualTo(2);
  }

  @Test
  void shouldFinishInFlightRecordsWhenStoppedGracefully() {
    start(2);
    var record = record("a");
    consumer.deliver(List.of(record));
    await().until(() -> dispatcher.held() == 1);

    loop.stop(false);
    assertThat(thread.isAlive()).isTrue();
    dispatcher.settle(record, AcknowledgeType.ACCEPT);

    await().until(() -> !thread.isAlive());
    assertThat(consumer.ackTypes()).containsExactly(AcknowledgeType.ACCEPT);
    assertThat(consumer.isClosed()).isTrue();
  }

  @Test
  void shouldReleaseInFlightRecordsWhenStoppedNow() {
    start(2);
    var record = record("a");
    consumer.deliver(List.of(record));
    await().until(() -> dispatcher.held() == 1);

    loop.stop(true);

    await().until(() -> !thread.isAlive());
    assertThat(consumer.ackTypes()).containsExactly(AcknowledgeType.RELEASE);
    assertThat(consumer.isClosed()).isTrue();
    dispatcher.settle(record, AcknowledgeType.ACCEPT);
    assertThat(consumer.ackTypes()).containsExactly(AcknowledgeType.RELEASE);
  }

  @Test
  void shouldCloseTheConsumerWhenStoppedIdle() {
    start(1);

    loop.stop(false);

    await().until(() -> !thread.isAlive());
    assertThat(consumer.isClosed()).isTrue();
    assertThat(consumer.acks()).isEmpty();
  }

  @Test
  void shouldRenewEveryRecordInFlightAndTakeThemBackWithoutRunningThemAgain() {
    start(2);
    var first = record("a");
    var second = record("b");
    consumer.deliver(List.of(first, second));
    await().until(() -> dispatcher.held() == 2);

    dispatcher.renew(first);

    // Asserted while waiting, so that a timeout shows the acknowledgements and what is in flight.
    await()
        .untilAsserted(
            () -> {
              assertThat(consumer.acks())
                  .containsExactlyInAnyOrder(
                      new Ack(RecordId.of(first), AcknowledgeType.RENEW),
                      new Ack(RecordId.of(second), AcknowledgeType.RENEW));
              assertThat(loop.inFlight()).as("in flight, polls %d", consumer.polls()).isEqualTo(2);
            });

    dispatcher.settle(first, AcknowledgeType.ACCEPT);
    dispatcher.settle(second, AcknowledgeType.REJECT);
    await().until(() -> consumer.acks().size() == 4);
    assertThat(consumer.ackTypes().subList(2, 4))
        .containsExactly(AcknowledgeType.ACCEPT, AcknowledgeType.REJECT);
    assertThat(dispatcher.dispatched()).isEqualTo(2);
    assertThat(lockTimeouts).contains(Optional.of(FakeShareConsumer.LOCK_TIMEOUT_MS));
  }

  @Test
  void shouldHoldASettlementThatArrivesWhileItsRecordIsRenewing() {
    consumer.holdRenewals();
    start(1);
    var record = record("a");
    consumer.deliver(List.of(record));
    await().until(() -> dispatcher.held() == 1);
    dispatcher.renew(record);
    await().until(() -> consumer.ackTypes().equals(List.of(AcknowledgeType.RENEW)));

    // The fake, like Kafka's consumer, throws if a renewing record is acknowledged.
    dispatcher.settle(record, AcknowledgeType.ACCEPT);
    consumer.confirmRenewals();

    await().until(() -> consumer.acks().size() == 2);
    assertThat(consumer.ackTypes()).containsExactly(AcknowledgeType.RENEW, AcknowledgeType.ACCEPT);
    await().until(() -> loop.inFlight() == 0);
    assertThat(thread.isAlive()).isTrue();
  }

  @Test
  void shouldDropARecordWhoseRenewalTheBrokerRefused() {
    consumer.refuseRenewals();
    start(1);
    var record = record("a");
    consumer.deliver(List.of(record));
    await().until(() -> dispatcher.held() == 1);

    dispatcher.renew(record);

    await().until(() -> loop.inFlight() == 0);
    assertThat(dispatcher.delivery(record).isLost()).as("its run is told").isTrue();
    dispatcher.settle(record, AcknowledgeType.ACCEPT);
    var next = record("b");
    consumer.deliver(List.of(next));
    await().until(() -> dispatcher.dispatched() == 2);
    assertThat(consumer.ackTypes()).containsExactly(AcknowledgeType.RENEW);
  }

  @Test
  void shouldCommitSynchronouslyOnceItsBatchIsSettledBeforeItWaitsForMore() {
    start(2);
    var first = record("a");
    var second = record("b");
    consumer.deliver(List.of(first, second));
    await().until(() -> dispatcher.held() == 2);

    dispatcher.settle(second, AcknowledgeType.ACCEPT);
    await().until(() -> consumer.commits() == 1);
    assertThat(consumer.syncCommits()).isZero();

    dispatcher.settle(first, AcknowledgeType.ACCEPT);
    await().until(() -> consumer.syncCommits() == 1);
    assertThat(consumer.commits()).isEqualTo(2);
  }

  @Test
  void shouldKeepPollingAfterBeingWokenUp() {
    start(1);
    consumer.wakeup();
    await().until(() -> consumer.polls() >= 2);

    consumer.deliver(List.of(record("a")));

    await().until(() -> dispatcher.dispatched() == 1);
  }

  @Test
  void shouldWakeAWaitingPollWhenStopped() {
    start(1);
    await().until(() -> consumer.polls() >= 1);

    loop.stop(false);

    await().until(consumer::isClosed);
    assertThat(consumer.wakeups()).isEqualTo(1);
  }

  @Test
  void shouldHandARunningRecordOverAndTakeANewOneWhileItRuns() {
    start(new PollLoop.Capacity(1, new HandlerSlots(2), Optional.of(Duration.ZERO)));
    var first = record("a");
    consumer.deliver(List.of(first));
    await().until(() -> consumer.acks().size() == 1);
    assertThat(consumer.acks())
        .containsExactly(new Ack(RecordId.of(first), AcknowledgeType.ACCEPT));
    assertThat(dispatcher.delivery(first).isHandedOff()).isTrue();
    assertThat(registry.counter("baton.worker.handoffs").count()).isEqualTo(1);

    var second = record("b");
    consumer.deliver(List.of(second));

    await().until(() -> dispatcher.held() == 2);
    assertThat(loop.running()).isEqualTo(2);
    dispatcher.settle(first, AcknowledgeType.RELEASE);
    dispatcher.settle(second, AcknowledgeType.REJECT);
    await().until(() -> loop.running() == 0 && consumer.acks().size() == 2);
    assertThat(consumer.acks())
        .as("each record accepted once, at its hand-off; its settlement acknowledges nothing")
        .containsExactly(
            new Ack(RecordId.of(first), AcknowledgeType.ACCEPT),
            new Ack(RecordId.of(second), AcknowledgeType.ACCEPT));
  }

  @Test
  void shouldNotRenewAHandedOffRecord() {
    start(new PollLoop.Capacity(1, new HandlerSlots(1), Optional.of(Duration.ZERO)));
    var record = record("a");
    consumer.deliver(List.of(record));
    await().until(() -> consumer.acks().size() == 1);

    dispatcher.renew(record);
    dispatcher.settle(record, AcknowledgeType.ACCEPT);

    await().until(() -> loop.running() == 0);
    await()
        .during(Duration.ofMillis(100))
        .until(() -> consumer.ackTypes().equals(List.of(AcknowledgeType.ACCEPT)));
  }

  @Test
  void shouldRunNoMoreHandlersThanTheWorkersSlotsWithHandOff() {
    HandlerSlots slots = new HandlerSlots(2);
    start(new PollLoop.Capacity(1, slots, Optional.of(Duration.ZERO)));
    var first = record("a");
    var second = record("b");
    consumer.deliver(List.of(first));
    await().until(() -> dispatcher.held() == 1 && consumer.acks().size() == 1);
    consumer.deliver(List.of(second));
    await().until(() -> dispatcher.held() == 2 && consumer.acks().size() == 2);
    int polls = consumer.polls();

    var third = record("c");
    consumer.deliver(List.of(third));
    // With every slot taken, nothing may poll.
    await().during(Duration.ofMillis(100)).until(() -> consumer.polls() == polls);
    assertThat(dispatcher.dispatched()).isEqualTo(2);
    assertThat(slots.free()).isZero();

    dispatcher.settle(first, AcknowledgeType.ACCEPT);

    await().until(() -> dispatcher.dispatched() == 3);
    assertThat(loop.running()).isEqualTo(2);
    assertThat(consumer.ackTypes())
        .as("nothing given back for want of a slot")
        .containsOnly(AcknowledgeType.ACCEPT);
  }

  @Test
  void shouldShareTheSlotsBetweenLoopsSoNeitherRunsMoreThanTheRest() {
    HandlerSlots slots = new HandlerSlots(1);
    start(new PollLoop.Capacity(1, slots, Optional.empty()));
    assertThat(slots.tryTakeOne()).as("another loop's running handler").isTrue();

    consumer.deliver(List.of(record("a")));
    await().during(Duration.ofMillis(100)).until(() -> dispatcher.dispatched() == 0);

    slots.release(1);
    await().until(() -> dispatcher.dispatched() == 1);
  }

  @Test
  void shouldPollWhileASlotIsFreeAndStartWhatFindsNoneOnceAnotherLoopFreesOne() {
    HandlerSlots slots = new HandlerSlots(3);
    start(new PollLoop.Capacity(2, slots, Optional.of(Duration.ZERO)));
    assertThat(slots.tryTakeOne() && slots.tryTakeOne())
        .as("two handlers of other loops; one slot is free, fewer than a poll may bring")
        .isTrue();
    var first = record("a");
    var second = record("b");

    consumer.deliver(List.of(first, second));

    await().until(() -> dispatcher.dispatched() == 1);
    await().during(Duration.ofMillis(100)).until(() -> dispatcher.dispatched() == 1);
    assertThat(loop.inFlight()).as("the second waits for a slot, still acquired").isEqualTo(1);
    assertThat(loop.waiting()).isEqualTo(1);
    int polls = consumer.polls();
    slots.release(1);

    await().until(() -> dispatcher.dispatched() == 2);
    await().until(() -> loop.waiting() == 0);
    assertThat(consumer.polls()).as("started from the batch, not polled again").isEqualTo(polls);
    await().until(() -> consumer.acks().size() == 2);
    assertThat(consumer.ackTypes())
        .as("both handed off; nothing given back for want of a slot")
        .containsOnly(AcknowledgeType.ACCEPT);
    assertThat(slots.free()).isZero();
  }

  @Test
  void shouldRenewTheLockOfARecordWaitingForASlotWithoutRunningItTwice() {
    var first = record("a");
    var waiting = record("b");
    startWithTheSecondWaiting(first, waiting);

    // A third of the fake's lock timeout.
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> consumer.ackTypes().contains(AcknowledgeType.RENEW));
    await().until(() -> consumer.acks().size() == 2);
    assertThat(consumer.acks())
        .containsExactlyInAnyOrder(
            new Ack(RecordId.of(first), AcknowledgeType.RENEW),
            new Ack(RecordId.of(waiting), AcknowledgeType.RENEW));
    await().until(() -> loop.inFlight() == 2);

    dispatcher.settle(first, AcknowledgeType.ACCEPT);
    await().until(() -> dispatcher.dispatched() == 2 && dispatcher.held() == 1);
    dispatcher.settle(waiting, AcknowledgeType.ACCEPT);
    await().until(() -> loop.inFlight() == 0);
    assertThat(dispatcher.dispatched()).isEqualTo(2);
  }

  @Test
  void shouldReleaseARecordWaitingForASlotWhenStoppedGracefully() {
    var first = record("a");
    var waiting = record("b");
    startWithTheSecondWaiting(first, waiting);

    loop.stop(false);

    await().until(() -> consumer.acks().size() == 1);
    assertThat(consumer.acks())
        .containsExactly(new Ack(RecordId.of(waiting), AcknowledgeType.RELEASE));
    dispatcher.settle(first, AcknowledgeType.ACCEPT);
    await().until(() -> !thread.isAlive());
    assertThat(dispatcher.dispatched()).isEqualTo(1);
  }

  @Test
  void shouldHandARecordOverOnlyOnceItsHandlerHasStartedItsLease() {
    dispatcher.startNoLeases();
    start(new PollLoop.Capacity(1, new HandlerSlots(1), Optional.of(Duration.ZERO)));
    var record = record("a");
    consumer.deliver(List.of(record));
    await().until(() -> dispatcher.held() == 1);

    await().during(Duration.ofMillis(300)).until(() -> consumer.acks().isEmpty());
    dispatcher.delivery(record).leaseStarted();

    await().atMost(Duration.ofSeconds(2)).until(() -> consumer.acks().size() == 1);
    assertThat(consumer.ackTypes()).containsExactly(AcknowledgeType.ACCEPT);
  }

  @Test
  void shouldHandARecordOverOnlyOnceItHasRunTheDelay() {
    start(new PollLoop.Capacity(1, new HandlerSlots(1), Optional.of(Duration.ofMillis(300))));
    var record = record("a");
    consumer.deliver(List.of(record));
    await().until(() -> dispatcher.held() == 1);

    assertThat(consumer.acks()).isEmpty();
    await().atMost(Duration.ofSeconds(2)).until(() -> consumer.acks().size() == 1);
    assertThat(dispatcher.delivery(record).age()).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    assertThat(consumer.ackTypes()).containsExactly(AcknowledgeType.ACCEPT);
  }

  @Test
  void shouldWaitForHandedOffHandlersWhenStoppedGracefully() {
    start(new PollLoop.Capacity(1, new HandlerSlots(1), Optional.of(Duration.ZERO)));
    var record = record("a");
    consumer.deliver(List.of(record));
    await().until(() -> consumer.acks().size() == 1);

    loop.stop(false);
    await().during(Duration.ofMillis(100)).until(thread::isAlive);
    dispatcher.settle(record, AcknowledgeType.ACCEPT);

    await().until(() -> !thread.isAlive());
    assertThat(consumer.ackTypes()).containsExactly(AcknowledgeType.ACCEPT);
  }

  @Test
  void shouldNotReleaseAHandedOffRecordWhenStoppedNow() {
    start(new PollLoop.Capacity(1, new HandlerSlots(1), Optional.of(Duration.ZERO)));
    consumer.deliver(List.of(record("a")));
    await().until(() -> consumer.acks().size() == 1);

    loop.stop(true);

    await().until(() -> !thread.isAlive());
    assertThat(consumer.ackTypes())
        .as("accepted at its hand-off; its lease at the coordinator takes it back")
        .containsExactly(AcknowledgeType.ACCEPT);
  }

  /** A loop of two records and one slot, handed both: the first runs, the second waits. */
  private void startWithTheSecondWaiting(
      ConsumerRecord<String, byte[]> first, ConsumerRecord<String, byte[]> waiting) {
    start(new PollLoop.Capacity(2, new HandlerSlots(1), Optional.empty()));
    consumer.deliver(List.of(first, waiting));
    await().until(() -> dispatcher.dispatched() == 1 && loop.inFlight() == 2);
  }

  private void start(int capacity) {
    start(PollLoop.Capacity.alone(capacity));
  }

  private void start(PollLoop.Capacity capacity) {
    loop =
        new PollLoop(
                consumer,
                TestAssignments.TOPIC,
                capacity,
                dispatcher,
                new PollLoop.Timeouts(Duration.ofMillis(20), Duration.ofSeconds(1)),
                lockTimeouts::add,
                new WatchedPoll(consumer, Optional.empty(), Duration.ofSeconds(1)))
            .measuredBy(new WorkerMeters(registry));
    thread = Thread.ofPlatform().name("poll-loop-test").start(loop);
  }

  private ConsumerRecord<String, byte[]> record(String session) {
    return assignments.record(TestAssignments.agentStep(session, "hi", 1));
  }

  /** Holds dispatched records until the test ends their handlers, as {@link StepDispatcher}. */
  private static final class HeldDispatcher implements Dispatcher {
    private record Held(Delivery delivery, Runnable onEnded) {}

    private final Map<RecordId, Held> handlers = new ConcurrentHashMap<>();
    private final AtomicInteger dispatched = new AtomicInteger();
    private volatile boolean startsLeases = true;

    /** Its handlers do not start their leases, as handlers that cannot read their records yet. */
    void startNoLeases() {
      startsLeases = false;
    }

    @Override
    public void dispatch(Delivery delivery, Runnable onEnded) {
      dispatched.incrementAndGet();
      if (startsLeases) {
        delivery.leaseStarted(); // as a handler that reads its record at once
      }
      handlers.put(RecordId.of(delivery.record()), new Held(delivery, onEnded));
    }

    int held() {
      return handlers.size();
    }

    int dispatched() {
      return dispatched.get();
    }

    Delivery delivery(ConsumerRecord<String, byte[]> record) {
      return handlers.get(RecordId.of(record)).delivery();
    }

    void renew(ConsumerRecord<String, byte[]> record) {
      delivery(record).renew();
    }

    /** Ends the record's handler, which settles it with {@code type}. */
    void settle(ConsumerRecord<String, byte[]> record, AcknowledgeType type) {
      Held held = handlers.remove(RecordId.of(record));
      held.onEnded().run();
      held.delivery().settle(type);
    }
  }
}
