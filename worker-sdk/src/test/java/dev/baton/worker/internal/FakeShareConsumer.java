package dev.baton.worker.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockShareConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.TopicPartition;

/**
 * Kafka's {@link MockShareConsumer}, which records acknowledgements and commits, and waits a little
 * on an empty poll instead of spinning.
 */
public final class FakeShareConsumer extends MockShareConsumer<String, byte[]> {

  /** An acknowledgement the consumer received. */
  public record Ack(RecordId record, AcknowledgeType type) {}

  private final List<Ack> acks = new ArrayList<>();
  private final AtomicInteger commits = new AtomicInteger();
  private final AtomicInteger polls = new AtomicInteger();
  private volatile boolean closed;

  /** Subscribes to the test assignments topic, so records can be added before the loop runs. */
  public FakeShareConsumer() {
    super();
    subscribe(List.of(TestAssignments.TOPIC));
  }

  /** Adds {@code records} for the next poll. */
  public void deliver(List<ConsumerRecord<String, byte[]>> records) {
    records.forEach(this::addRecord);
  }

  @Override
  public ConsumerRecords<String, byte[]> poll(Duration timeout) {
    polls.incrementAndGet();
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
    acks.add(new Ack(RecordId.of(record), type));
  }

  @Override
  public synchronized void commitAsync() {
    commits.incrementAndGet();
  }

  @Override
  public synchronized Map<TopicIdPartition, Optional<KafkaException>> commitSync(Duration timeout) {
    commits.incrementAndGet();
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
