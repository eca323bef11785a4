package dev.baton.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.schemas.avro.Assignment;
import dev.baton.schemas.avro.LeaseRenewed;
import dev.baton.schemas.avro.WorkerResult;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LeasesTest {

  private static final Duration FAST = Duration.ofMillis(100);

  private final TestAssignments assignments = new TestAssignments();
  private final MockProducer<String, byte[]> producer =
      new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
  private final List<Settlement> toLoop = new CopyOnWriteArrayList<>();
  private Leases leases;

  @AfterEach
  void close() {
    if (leases != null) {
      leases.close();
    }
  }

  @Test
  void shouldRenewEveryThirdOfTheShorterOfLeaseAndLock() {
    assertThat(Leases.interval(30_000, 60_000, Optional.empty())).isEqualTo(Duration.ofSeconds(10));
    assertThat(Leases.interval(60_000, 15_000, Optional.empty())).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void shouldNotRenewMoreOftenThanTheFloor() {
    assertThat(Leases.interval(1_500, 30_000, Optional.empty())).isEqualTo(Duration.ofSeconds(1));
    assertThat(Leases.interval(0, 30_000, Optional.empty())).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void shouldUseAFixedIntervalWhenGiven() {
    assertThat(Leases.interval(30_000, 30_000, Optional.of(FAST))).isEqualTo(FAST);
  }

  @Test
  void shouldTakeTheLockTimeoutTheConsumerReports() {
    leases = leases(Optional.empty());

    leases.observeLockTimeout(Optional.of(3_000));
    leases.observeLockTimeout(Optional.empty());

    assertThat(leases.lockTimeoutMs()).isEqualTo(3_000);
  }

  @Test
  void shouldAskForRenewAndPublishLeaseRenewedWhileRunning() {
    leases = leases(Optional.of(FAST));
    Assignment call = TestAssignments.toolCall("s-1", "read", 7);
    Delivery delivery = delivery(call);

    try (Leases.Lease lease = leases.start(call, "call-1", delivery)) {
      await().until(() -> renewals().size() >= 2);
    }

    assertThat(toLoop).extracting(Settlement::type).containsOnly(AcknowledgeType.RENEW);
    WorkerResult renewed = renewals().getFirst();
    assertThat(renewed.getFencingToken()).isEqualTo(7);
    LeaseRenewed body = (LeaseRenewed) renewed.getBody();
    assertThat(body.getLeaseMs()).isEqualTo(call.getLeaseMs());
    assertThat(body.getCallId()).isEqualTo("call-1");
  }

  @Test
  void shouldStopRenewingOnceTheRecordIsSettled() {
    leases = leases(Optional.of(FAST));
    Assignment step = TestAssignments.agentStep("s-1", "hi", 7);
    Delivery delivery = delivery(step);
    Leases.Lease lease = leases.start(step, null, delivery);
    await().until(() -> !renewals().isEmpty());
    assertThat(lease.isActive()).isTrue();

    delivery.settle(AcknowledgeType.ACCEPT);

    // The next tick finds the record settled and cancels the lease without renewing.
    await().until(() -> !lease.isActive());
    assertThat(toLoop.getLast().type()).isEqualTo(AcknowledgeType.ACCEPT);
  }

  @Test
  void shouldRenewAtOnceWhenTheRecordWasDeliveredAnIntervalAgo() {
    leases = leases(Optional.of(Duration.ofMinutes(1)));
    Assignment step = TestAssignments.agentStep("s-1", "hi", 7);
    long twoMinutesAgo = System.nanoTime() - Duration.ofMinutes(2).toNanos();
    Delivery old = new Delivery(assignments.record(step), toLoop::add, twoMinutesAgo);

    try (Leases.Lease lease = leases.start(step, null, old)) {
      // Due since a minute: the lock runs from the delivery, not from the handler's start.
      await().atMost(Duration.ofSeconds(5)).until(() -> !renewals().isEmpty());
    }
  }

  @Test
  void shouldRenewAtOnceWhenTheAssignmentWasIssuedAnIntervalBeforeItsDelivery() {
    leases = leases(Optional.of(Duration.ofMinutes(1)));
    Assignment waited =
        issuedAt(TestAssignments.agentStep("s-1", "hi", 7), Instant.now().minusSeconds(120));

    try (Leases.Lease lease = leases.start(waited, null, delivery(waited))) {
      // Due since a minute: the coordinator's lease runs from the issue, not from the delivery.
      await().atMost(Duration.ofSeconds(5)).until(() -> !renewals().isEmpty());
    }
  }

  @Test
  void shouldDueTheFirstRenewalByTheLockOrTheLeaseWhicheverComesFirst() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    long deliveredTwoSecondsAgo = System.nanoTime() - Duration.ofSeconds(2).toNanos();
    Duration lockEvery = Duration.ofSeconds(10);
    Duration leaseEvery = Duration.ofSeconds(20);

    Assignment waited = issuedAt(TestAssignments.agentStep("s-1", "hi", 7), now.minusSeconds(15));
    assertThat(firstRenewal(waited, deliveredTwoSecondsAgo, lockEvery, leaseEvery, now))
        .as("due by the lease: 20 s after its issue")
        .isEqualTo(Duration.ofSeconds(5));

    Assignment fresh = issuedAt(waited, now.minusSeconds(3));
    assertThat(firstRenewal(fresh, deliveredTwoSecondsAgo, lockEvery, leaseEvery, now))
        .as("due by the lock: 10 s after the delivery")
        .isBetween(Duration.ofSeconds(7), Duration.ofSeconds(8));

    Assignment overdue = issuedAt(waited, now.minusSeconds(25));
    assertThat(firstRenewal(overdue, deliveredTwoSecondsAgo, lockEvery, leaseEvery, now))
        .isEqualTo(Duration.ZERO);

    Assignment aheadOfThisClock = issuedAt(waited, now.plusSeconds(30));
    assertThat(firstRenewal(aheadOfThisClock, deliveredTwoSecondsAgo, lockEvery, leaseEvery, now))
        .as("a coordinator clock ahead of this one: by the lock")
        .isBetween(Duration.ofSeconds(7), Duration.ofSeconds(8));
  }

  private Duration firstRenewal(
      Assignment assignment,
      long deliveredAt,
      Duration lockEvery,
      Duration leaseEvery,
      Instant now) {
    Delivery delivery = new Delivery(assignments.record(assignment), toLoop::add, deliveredAt);
    return Leases.firstRenewal(assignment, delivery, lockEvery, leaseEvery, now);
  }

  @Test
  void shouldStopRenewingOnceClosed() {
    leases = leases(Optional.of(FAST));
    Assignment step = TestAssignments.agentStep("s-1", "hi", 7);
    Leases.Lease lease = leases.start(step, null, delivery(step));

    lease.close();

    assertThat(lease.isActive()).isFalse();
  }

  private static Assignment issuedAt(Assignment assignment, Instant issuedAt) {
    return Assignment.newBuilder(assignment).setIssuedAt(issuedAt).build();
  }

  private List<WorkerResult> renewals() {
    return producer.history().stream().map(assignments::result).toList();
  }

  private Delivery delivery(Assignment assignment) {
    return new Delivery(assignments.record(assignment), toLoop::add);
  }

  private Leases leases(Optional<Duration> fixed) {
    return new Leases(assignments.publisher(producer), fixed, "leases-test");
  }
}
