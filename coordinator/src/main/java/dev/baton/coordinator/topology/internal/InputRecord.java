package dev.baton.coordinator.topology.internal;

import java.time.Instant;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * One raw input record with where it came from.
 *
 * @param topic its topic
 * @param partition its partition
 * @param offset its offset
 * @param key its key, the session id if it is valid; may be null
 * @param value its value bytes; may be null
 * @param timestamp its timestamp, which is the time of the decision it causes
 * @param headers its headers
 */
record InputRecord(
    String topic,
    int partition,
    long offset,
    String key,
    byte[] value,
    Instant timestamp,
    Headers headers) {

  /** The {@link #topic()} of {@link #timer}'s inputs. */
  static final String TIMER_TOPIC = "(timer)";

  static InputRecord of(RecordMetadata metadata, Record<String, byte[]> record) {
    return new InputRecord(
        metadata.topic(),
        metadata.partition(),
        metadata.offset(),
        record.key(),
        record.value(),
        Instant.ofEpochMilli(record.timestamp()),
        record.headers());
  }

  /**
   * The stand-in input of a wall-clock timer for {@code sessionId}: its decision is timestamped
   * {@code now}, and it has no coordinates.
   */
  static InputRecord timer(String sessionId, Instant now) {
    return new InputRecord(TIMER_TOPIC, -1, -1, sessionId, null, now, new RecordHeaders());
  }

  /** Where the record is, as {@code topic-partition@offset}. */
  String coordinates() {
    return topic + "-" + partition + "@" + offset;
  }
}
