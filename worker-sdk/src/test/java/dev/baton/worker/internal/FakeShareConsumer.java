package dev.baton.worker.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.AcknowledgementCommitCallback;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockShareConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.InvalidRecordStateException;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Kafka's {@link MockShareConsumer}, which records acknowledgements and commits, and waits a little
 * on an empty poll instead of spinning.
 */
public final class FakeShareConsumer extends MockShareConsumer<String, byte[]> {

  /** The acquisition lock timeout the fake reports. */
  public static final int LOCK_TIMEOUT_MS = 4_321;

  /** An acknowledgement the consumer received. */
  public record Ack(RecordId record, AcknowledgeType type) {}

  private final List<Ack> acks = new ArrayList<>();
  private final List<ConsumerRecord<String, byte[]>> renewing = new ArrayList<>();
  private final List<ConsumerRecord<String, byte[]>> unconfirmed = new ArrayList<>();
  private AcknowledgementCommitCallback callback;
  private boolean refuseRenewals;
  private boolean holdRenewals;
  private final AtomicInteger commits = new AtomicInteger();
  private final AtomicInteger syncCommits = new AtomicInteger();
  private final AtomicInteger wakeups = new AtomicInteger();
  private volatile boolean wakeupPending;
  private final AtomicInteger polls = new AtomicInteger();
  private volatile boolean closed;

  /** Subscribes to the test assignments topic, so records can be added before the loop runs. */
  public FakeShareConsumer() {
    super();
    subscribe(List.of(TestAssignments.TOPIC));
  }

  /** Adds {@code records} for the next poll, all of them or none before a poll returns. */
  public synchronized void deliver(List<ConsumerRecord<String, byte[]>> records) {
    records.forEach(this::addRecord);
  }

  @Override
  public ConsumerRecords<String, byte[]> poll(Duration timeout) {
    polls.incrementAndGet();
    if (wakeupPending) {
      wakeupPending = false;
      throw new WakeupException();
    }
    ConsumerRecords<String, byte[]> records;
    synchronized (this) {
      records = super.poll(timeout);
    }
    if (records.isEmpty()) {
      idle(timeout);
    }
    return records;
  }

  /** Waits a little, at most {@code timeout}, as a real consumer's empty poll would. */
  static void idle(Duration timeout) {
    try {
      Thread.sleep(Math.min(timeout.toMillis(), 5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public synchronized void acknowledge(
      ConsumerRecord<String, byte[]> record, AcknowledgeType type) {
    if (isRenewing(record)) {
      // As Kafka's consumer: a renewing record is not held until it comes back.
      throw new IllegalStateException("The record cannot be acknowledged.");
    }
    acks.add(new Ack(RecordId.of(record), type));
    if (type == AcknowledgeType.RENEW) {
      renewing.add(record);
    }
  }

  /**
   * Commits; renewed records come back on the next poll, as Kafka's consumer hands them out again
   * once the broker confirms, or the callback hears that their renewal failed.
   */
  @Override
  public synchronized void commitAsync() {
    commits.incrementAndGet();
    sendRenewals();
  }

  private void sendRenewals() {
    for (ConsumerRecord<String, byte[]> record : renewing) {
      if (refuseRenewals) {
        TopicIdPartition partition =
            new TopicIdPartition(Uuid.randomUuid(), record.partition(), record.topic());
        callback.onComplete(
            Map.of(partition, Set.of(record.offset())), new InvalidRecordStateException("lost"));
      } else {
        unconfirmed.add(record);
      }
    }
    renewing.clear();
    if (!holdRenewals) {
      confirmRenewals();
    }
  }

  /** Holds renewed records back until {@link #confirmRenewals()}. */
  public synchronized void holdRenewals() {
    holdRenewals = true;
  }

  /** The broker confirms the renewals sent: the records come back on the next poll. */
  public synchronized void confirmRenewals() {
    unconfirmed.forEach(this::addRecord);
    unconfirmed.clear();
  }

  private boolean isRenewing(ConsumerRecord<String, byte[]> record) {
    RecordId id = RecordId.of(record);
    return renewing.stream().anyMatch(r -> RecordId.of(r).equals(id))
        || unconfirmed.stream().anyMatch(r -> RecordId.of(r).equals(id));
  }

  @Override
  public synchronized void setAcknowledgementCommitCallback(
      AcknowledgementCommitCallback callback) {
    this.callback = callback;
  }

  /** Makes the broker refuse every renewal from now on. */
  public synchronized void refuseRenewals() {
    refuseRenewals = true;
  }

  @Override
  public Optional<Integer> acquisitionLockTimeoutMs() {
    return Optional.of(LOCK_TIMEOUT_MS);
  }

  @Override
  public synchronized Map<TopicIdPartition, Optional<KafkaException>> commitSync(Duration timeout) {
    commits.incrementAndGet();
    syncCommits.incrementAndGet();
    sendRenewals();
    return Map.of();
  }

  @Override
  public synchronized void close(Duration timeout) {
    closed = true;
    super.close(timeout);
  }

  /** Every acknowledgement so far, in order. */
  public synchronized List<Ack> acks() {
    return List.copyOf(acks);
  }

  /** The acknowledgement types so far, in order. */
  public synchronized List<AcknowledgeType> ackTypes() {
    return acks.stream().map(Ack::type).toList();
  }

  /** How many commits (async or sync) were asked for. */
  public int commits() {
    return commits.get();
  }

  /** How many of the commits were synchronous. */
  public int syncCommits() {
    return syncCommits.get();
  }

  /** As Kafka's consumer: the next poll throws {@link WakeupException}. */
  @Override
  public void wakeup() {
    wakeups.incrementAndGet();
    wakeupPending = true;
  }

  /** How many times the consumer was woken. */
  public int wakeups() {
    return wakeups.get();
  }

  /** How many polls were made. */
  public int polls() {
    return polls.get();
  }

  /** Whether the consumer was closed. */
  public boolean isClosed() {
    return closed;
  }

  /** The partition test records live in. */
  public static TopicPartition partition() {
    return new TopicPartition(TestAssignments.TOPIC, 0);
  }
}
