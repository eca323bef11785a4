package dev.baton.worker.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Kafka's {@link MockConsumer} as the turn-signal consumer of a worker on the default topics: one
 * partition, empty, and a poll that waits a little instead of spinning.
 */
public final class FakeSignals extends MockConsumer<String, byte[]> {

  /** The default turn-signals topic. */
  public static final String TOPIC = "baton.turn-signals";

  private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);

  private final AtomicLong offsets = new AtomicLong();

  private FakeSignals() {
    super("latest");
    updatePartitions(TOPIC, List.of(new PartitionInfo(TOPIC, 0, null, null, null)));
    updateEndOffsets(Map.of(PARTITION, 0L));
  }

  /** A consumer of the default turn-signals topic. */
  public static FakeSignals consumer() {
    return new FakeSignals();
  }

  /** Adds a signal record with {@code value} for the next poll. */
  public void signal(String key, byte[] value) {
    addRecord(new ConsumerRecord<>(TOPIC, 0, offsets.getAndIncrement(), key, value));
  }

  @Override
  public ConsumerRecords<String, byte[]> poll(Duration timeout) {
    ConsumerRecords<String, byte[]> records = super.poll(Duration.ZERO);
    if (records.isEmpty()) {
      FakeShareConsumer.idle(timeout);
    }
    return records;
  }
}
