package dev.baton.worker.internal;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Where a record lives: topic, partition and offset, which a share group acknowledges by.
 *
 * @param topic the topic
 * @param partition the partition
 * @param offset the offset
 */
public record RecordId(String topic, int partition, long offset) {

  /** The id of {@code record}. */
  public static RecordId of(ConsumerRecord<?, ?> record) {
    return new RecordId(record.topic(), record.partition(), record.offset());
  }

  @Override
  public String toString() {
    return topic + "-" + partition + "@" + offset;
  }
}
