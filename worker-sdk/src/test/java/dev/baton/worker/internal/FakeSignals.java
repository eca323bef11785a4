package dev.baton.worker.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
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
  private final List<ConsumerRecord<String, byte[]>> written = new ArrayList<>();

  private FakeSignals() {
    super("earliest");
    updatePartitions(TOPIC, List.of(new PartitionInfo(TOPIC, 0, null, null, null)));
    updateBeginningOffsets(Map.of(PARTITION, 0L));
    updateEndOffsets(Map.of(PARTITION, 0L));
  }

  /** A signal record with {@code value} that was written before the consumer was assigned. */
  public synchronized void writtenBefore(String key, byte[] value) {
    written.add(new ConsumerRecord<>(TOPIC, 0, offsets.getAndIncrement(), key, value));
    updateEndOffsets(Map.of(PARTITION, offsets.get()));
  }

  @Override
  public synchronized void assign(Collection<TopicPartition> partitions) {
    super.assign(partitions);
    written.forEach(this::addRecord);
  }

  /** A consumer of the default turn-signals topic. */
  public static FakeSignals consumer() {
    return new FakeSignals();
  }

  /** Adds a signal record with {@code value} for the next poll; it is the partition's end. */
  public synchronized void signal(String key, byte[] value) {
    addRecord(new ConsumerRecord<>(TOPIC, 0, offsets.getAndIncrement(), key, value));
    updateEndOffsets(Map.of(PARTITION, offsets.get()));
  }

  /** Makes {@code end} the partition's end offset, as a consumer that only asks for it sees. */
  public void endsAt(long end) {
    updateEndOffsets(Map.of(PARTITION, end));
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
