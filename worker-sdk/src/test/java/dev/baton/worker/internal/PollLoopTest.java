package dev.baton.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.worker.internal.FakeShareConsumer.Ack;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PollLoopTest {

  private final TestAssignments assignments = new TestAssignments();
  private final FakeShareConsumer consumer = new FakeShareConsumer();
  private final HeldDispatcher dispatcher = new HeldDispatcher();
  private final List<Optional<Integer>> lockTimeouts = new CopyOnWriteArrayList<>();
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

    await().until(() -> consumer.ackTypes().size() == 2 && loop.inFlight() == 2);
    assertThat(consumer.acks())
        .containsExactlyInAnyOrder(
            new Ack(RecordId.of(first), AcknowledgeType.RENEW),
            new Ack(RecordId.of(second), AcknowledgeType.RENEW));

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

  private void start(int capacity) {
    loop =
        new PollLoop(
            consumer,
            TestAssignments.TOPIC,
            capacity,
            dispatcher,
            new PollLoop.Timeouts(Duration.ofMillis(20), Duration.ofSeconds(1)),
            lockTimeouts::add,
            new WatchedPoll(consumer, Optional.empty(), Duration.ofSeconds(1)));
    thread = Thread.ofPlatform().name("poll-loop-test").start(loop);
  }

  private ConsumerRecord<String, byte[]> record(String session) {
    return assignments.record(TestAssignments.agentStep(session, "hi", 1));
  }

  /** Holds dispatched records until the test settles them. */
  private static final class HeldDispatcher implements Dispatcher {
    private final Map<RecordId, Consumer<Settlement>> callbacks = new ConcurrentHashMap<>();
    private final AtomicInteger dispatched = new AtomicInteger();

    @Override
    public void dispatch(ConsumerRecord<String, byte[]> record, Consumer<Settlement> onSettled) {
      dispatched.incrementAndGet();
      callbacks.put(RecordId.of(record), onSettled);
    }

    int held() {
      return callbacks.size();
    }

    int dispatched() {
      return dispatched.get();
    }

    void renew(ConsumerRecord<String, byte[]> record) {
      callbacks.get(RecordId.of(record)).accept(new Settlement(record, AcknowledgeType.RENEW));
    }

    void settle(ConsumerRecord<String, byte[]> record, AcknowledgeType type) {
      callbacks.remove(RecordId.of(record)).accept(new Settlement(record, type));
    }
  }
}
