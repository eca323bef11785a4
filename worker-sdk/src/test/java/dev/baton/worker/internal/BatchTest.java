package dev.baton.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class BatchTest {

  private final TestAssignments records = new TestAssignments();

  @Test
  void shouldAdmitRecordsUpToItsCapacity() {
    Batch batch = new Batch(2);

    assertThat(batch.admit(record())).isTrue();
    assertThat(batch.admit(record())).isTrue();
    assertThat(batch.admit(record())).isFalse();
    assertThat(batch.inFlight()).isEqualTo(2);
  }

  @Test
  void shouldBeSettledOnlyWhenEveryAdmittedRecordIs() {
    Batch batch = new Batch(2);
    ConsumerRecord<String, byte[]> first = record();
    ConsumerRecord<String, byte[]> second = record();
    batch.admit(first);
    batch.admit(second);

    batch.settle(first);
    assertThat(batch.isSettled()).isFalse();
    batch.settle(second);
    assertThat(batch.isSettled()).isTrue();
  }

  @Test
  void shouldSettleARecordOnlyOnce() {
    Batch batch = new Batch(1);
    ConsumerRecord<String, byte[]> record = record();
    batch.admit(record);

    assertThat(batch.settle(record)).isTrue();
    assertThat(batch.settle(record)).isFalse();
  }

  @Test
  void shouldHandOverUnsettledRecordsWhenAbandoned() {
    Batch batch = new Batch(3);
    ConsumerRecord<String, byte[]> first = record();
    ConsumerRecord<String, byte[]> second = record();
    batch.admit(first);
    batch.admit(second);
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
    batch.admit(first);
    batch.admit(second);
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
    batch.admit(record);
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
    batch.admit(record);
    batch.startRenewal();

    assertThat(batch.renewed(record)).isEmpty();
    assertThat(batch.canPoll()).isFalse();
    assertThat(batch.defer(record, AcknowledgeType.ACCEPT)).isFalse();
  }

  @Test
  void shouldDropARecordWhoseRenewalFailed() {
    Batch batch = new Batch(2);
    ConsumerRecord<String, byte[]> renewing = record();
    batch.admit(renewing);
    batch.startRenewal();
    ConsumerRecord<String, byte[]> inFlight = record();
    batch.admit(inFlight);

    assertThat(batch.lost(RecordId.of(inFlight))).isFalse();
    assertThat(batch.lost(RecordId.of(renewing))).isTrue();
    assertThat(batch.inFlight()).isEqualTo(1);
  }

  @Test
  void shouldNotHandOverRenewingRecordsWhenAbandoned() {
    Batch batch = new Batch(2);
    ConsumerRecord<String, byte[]> renewing = record();
    batch.admit(renewing);
    batch.startRenewal();
    ConsumerRecord<String, byte[]> inFlight = record();
    batch.admit(inFlight);

    assertThat(batch.abandon()).containsExactly(inFlight);
    assertThat(batch.isSettled()).isTrue();
  }

  private ConsumerRecord<String, byte[]> record() {
    return records.record("s", new byte[0]);
  }
}
