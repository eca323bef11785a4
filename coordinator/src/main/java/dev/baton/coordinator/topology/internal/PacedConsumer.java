package dev.baton.coordinator.topology.internal;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A stream thread's main consumer, whose polls {@link PollPacing} lengthens once the thread has had
 * no input for a commit interval and no task may still ask for an idle commit, and which counts the
 * polls that waited at least a check and came back empty ({@link PollPacing#quietPoll}).
 */
final class PacedConsumer extends KafkaConsumer<byte[], byte[]> {

  private final Duration brief;
  private final Duration idle;

  PacedConsumer(Map<String, Object> config, Duration brief, Duration idle) {
    super(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.brief = brief;
    this.idle = idle;
  }

  /**
   * Polls for {@code timeout}, or for the commit interval if the thread's tasks need no brief poll.
   * Records keep the polls brief for a commit interval: Kafka Streams may hold them until a later
   * poll tells it how far behind the task's other input partitions are. A poll at least that brief
   * that brings nothing is a quiet poll.
   */
  @Override
  public ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
    Duration pollTime = PollPacing.pollTime(timeout, brief, idle);
    ConsumerRecords<byte[], byte[]> records = super.poll(pollTime);
    if (!records.isEmpty()) {
      PollPacing.briefFor(idle);
    } else if (pollTime.compareTo(brief) >= 0) {
      PollPacing.quietPoll();
    }
    return records;
  }
}
