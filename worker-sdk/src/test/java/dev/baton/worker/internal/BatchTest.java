package dev.baton.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class BatchTest {

  private final TestAssignments records = new TestAssignments();

  @Test
  void shouldAdmitRecordsUpToItsCapacity() {
    Batch batch = new Batch(2);

    assertThat(batch.admit(Delivery.detached(record()))).isTrue();
    assertThat(batch.admit(Delivery.detached(record()))).isTrue();
    assertThat(batch.admit(Delivery.detached(record()))).isFalse();
    assertThat(batch.inFlight()).isEqualTo(2);
  }

  @Test
  void shouldBeSettledOnlyWhenEveryAdmittedRecordIs() {
    Batch batch = new Batch(2);
    ConsumerRecord<String, byte[]> first = record();
    ConsumerRecord<String, byte[]> second = record();
    batch.admit(Delivery.detached(first));
    batch.admit(Delivery.detached(second));

    batch.settle(first);
    assertThat(batch.isSettled()).isFalse();
    batch.settle(second);
    assertThat(batch.isSettled()).isTrue();
  }

  @Test
  void shouldSettleARecordOnlyOnce() {
    Batch batch = new Batch(1);
    ConsumerRecord<String, byte[]> record = record();
    batch.admit(Delivery.detached(record));

    assertThat(batch.settle(record)).isTrue();
    assertThat(batch.settle(record)).isFalse();
  }

  @Test
  void shouldHandOverUnsettledRecordsWhenAbandoned() {
    Batch batch = new Batch(3);
    ConsumerRecord<String, byte[]> first = record();
    ConsumerRecord<String, byte[]> second = record();
    batch.admit(Delivery.detached(first));
    batch.admit(Delivery.detached(second));
    batch.settle(first);

    assertThat(batch.abandon()).containsExactly(second);
    assertThat(batch.isSettled()).isTrue();
    assertThat(batch.settle(second)).isFalse();
  }

  @Test
  void shouldRefuseACapacityBelowOne() {
    assertThatThrownBy(() -> new Batch(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldPollOnlyWhenEveryUnsettledRecordIsRenewing() {
    Batch batch = new Batch(2);
    ConsumerRecord<String, byte[]> first = record();
    ConsumerRecord<String, byte[]> second = record();
    assertThat(batch.canPoll()).isTrue();
    batch.admit(Delivery.detached(first));
    batch.admit(Delivery.detached(second));
    assertThat(batch.canPoll()).isFalse();

    assertThat(batch.startRenewal()).containsExactly(first, second);

    assertThat(batch.canPoll()).isTrue();
    assertThat(batch.isRenewing(first)).isTrue();
    assertThat(batch.isInFlight(first)).isFalse();
    assertThat(batch.startRenewal()).isEmpty();
  }

  @Test
  void shouldHoldASettlementOfARenewingRecordUntilItIsBack() {
    Batch batch = new Batch(1);
    ConsumerRecord<String, byte[]> record = record();
    batch.admit(leased(record));
    batch.startRenewal();

    assertThat(batch.defer(record, AcknowledgeType.ACCEPT)).isTrue();
    assertThat(batch.isSettled()).isFalse();

    assertThat(batch.renewed(record)).contains(AcknowledgeType.ACCEPT);
    assertThat(batch.isInFlight(record)).isTrue();
    assertThat(batch.settle(record)).isTrue();
  }

  @Test
  void shouldTakeARenewedRecordBackInFlightWithoutASettlement() {
    Batch batch = new Batch(1);
    ConsumerRecord<String, byte[]> record = record();
    batch.admit(leased(record));
    batch.startRenewal();

    assertThat(batch.renewed(record)).isEmpty();
    assertThat(batch.canPoll()).isFalse();
    assertThat(batch.defer(record, AcknowledgeType.ACCEPT)).isFalse();
  }

  @Test
  void shouldDropARecordWhoseRenewalFailed() {
    Batch batch = new Batch(2);
    ConsumerRecord<String, byte[]> renewing = record();
    batch.admit(Delivery.detached(renewing));
    batch.startRenewal();
    ConsumerRecord<String, byte[]> inFlight = record();
    batch.admit(Delivery.detached(inFlight));

    assertThat(batch.lost(RecordId.of(inFlight))).isFalse();
    assertThat(batch.lost(RecordId.of(renewing))).isTrue();
    assertThat(batch.inFlight()).isEqualTo(1);
  }

  @Test
  void shouldNotHandOverRenewingRecordsWhenAbandoned() {
    Batch batch = new Batch(2);
    ConsumerRecord<String, byte[]> renewing = record();
    batch.admit(Delivery.detached(renewing));
    batch.startRenewal();
    ConsumerRecord<String, byte[]> inFlight = record();
    batch.admit(Delivery.detached(inFlight));

    assertThat(batch.abandon()).containsExactly(inFlight);
    assertThat(batch.isSettled()).isTrue();
  }

  @Test
  void shouldHandOverDueRecordsInFlightSoThatTheirSettlementFindsNothing() {
    Batch batch = new Batch(2);
    Delivery due = new Delivery(record(), settlement -> {}, System.nanoTime() - 2_000_000_000L);
    Delivery recent = Delivery.detached(record());
    due.leaseStarted();
    recent.leaseStarted();
    batch.admit(due);
    batch.admit(recent);

    assertThat(batch.handOff(Duration.ofSeconds(1))).containsExactly(due.record());

    assertThat(due.isHandedOff()).isTrue();
    assertThat(recent.isHandedOff()).isFalse();
    assertThat(batch.settle(due.record())).isFalse();
    assertThat(batch.inFlight()).isEqualTo(1);
    assertThat(batch.untilNextHandOff(Duration.ofSeconds(1)))
        .hasValueSatisfying(wait -> assertThat(wait).isPositive());
  }

  @Test
  void shouldNotHandOverARecordWhoseHandlerHasNotStartedItsLease() {
    Batch batch = new Batch(1);
    Delivery reading = new Delivery(record(), settlement -> {}, System.nanoTime() - 2_000_000_000L);
    batch.admit(reading);

    assertThat(batch.untilNextHandOff(Duration.ofSeconds(10)))
        .as("not yet due: the loop's wait counts it")
        .hasValueSatisfying(wait -> assertThat(wait).isPositive());
    assertThat(batch.handOff(Duration.ofSeconds(1))).isEmpty();
    assertThat(batch.untilNextHandOff(Duration.ofSeconds(1)))
        .as("due without a lease: the lease's start wakes the loop")
        .isEmpty();

    reading.leaseStarted();
    assertThat(batch.untilNextHandOff(Duration.ofSeconds(1))).contains(Duration.ZERO);
    assertThat(batch.handOff(Duration.ofSeconds(1))).containsExactly(reading.record());
  }

  @Test
  void shouldHandOverARenewingRecordOnlyOnceItIsBack() {
    Batch batch = new Batch(1);
    ConsumerRecord<String, byte[]> record = record();
    batch.admit(leased(record));
    batch.startRenewal();

    assertThat(batch.handOff(Duration.ZERO)).isEmpty();
    assertThat(batch.untilNextHandOff(Duration.ZERO)).isEmpty();

    batch.renewed(record);
    assertThat(batch.untilNextHandOff(Duration.ZERO)).contains(Duration.ZERO);
    assertThat(batch.handOff(Duration.ZERO)).containsExactly(record);
    assertThat(batch.isSettled()).isTrue();
  }

  @Test
  void shouldKeepAQueuedRecordFromHandOffUntilItStartsAndRenewItsLockMeanwhile() {
    Batch batch = new Batch(2);
    Delivery queued = leased(record());
    batch.queue(queued);

    assertThat(batch.handOff(Duration.ZERO)).isEmpty();
    assertThat(batch.untilQueuedRenewal(Duration.ZERO)).contains(Duration.ZERO);
    assertThat(batch.startRenewal()).containsExactly(queued.record());
    assertThat(batch.hasStartable()).as("not held while renewing").isFalse();
    assertThat(batch.hasQueued()).isTrue();

    batch.renewed(queued.record());
    assertThat(batch.untilQueuedRenewal(Duration.ofSeconds(10)))
        .hasValueSatisfying(wait -> assertThat(wait).isGreaterThan(Duration.ofSeconds(9)));
    assertThat(batch.startNext()).isSameAs(queued);
    assertThat(batch.hasQueued()).isFalse();
    assertThat(batch.untilQueuedRenewal(Duration.ZERO)).isEmpty();
    assertThat(batch.handOff(Duration.ZERO)).containsExactly(queued.record());
  }

  @Test
  void shouldGiveUpOnlyTheHeldQueuedRecords() {
    Batch batch = new Batch(3);
    Delivery running = Delivery.detached(record());
    Delivery renewing = Delivery.detached(record());
    batch.admit(running);
    batch.queue(renewing);
    batch.startRenewal();
    batch.renewed(running.record());
    Delivery held = Delivery.detached(record());
    batch.queue(held);

    assertThat(batch.removeQueued()).containsExactly(held.record());
    assertThat(batch.inFlight()).isEqualTo(2);
    assertThatThrownBy(batch::startNext).isInstanceOf(IllegalStateException.class);
  }

  private ConsumerRecord<String, byte[]> record() {
    return records.record("s", new byte[0]);
  }

  /** A delivery whose handler has read it and started its lease. */
  private static Delivery leased(ConsumerRecord<String, byte[]> record) {
    Delivery delivery = Delivery.detached(record);
    delivery.leaseStarted();
    return delivery;
  }
}
