package dev.baton.schemas;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The order-preserving binary encoding of a {@link HistoryKey}: the session id in UTF-8, a 0x00
 * separator, then the seq as an 8-byte big-endian long. Session ids never contain 0x00 and seqs are
 * never negative, so comparing encoded keys as unsigned bytes (as RocksDB and Kafka Streams' {@code
 * Bytes} do) orders them by session id, then seq, and a session's keys are contiguous.
 *
 * <p>{@code Topic<HistoryKey, HistoryEntry> history = new Topic<>(name, new HistoryKeySerde(),
 * values)}
 */
public final class HistoryKeySerde
    implements Serde<HistoryKey>, Serializer<HistoryKey>, Deserializer<HistoryKey> {

  private static final byte SEPARATOR = 0;
  private static final int SEQ_LENGTH = Long.BYTES;

  @Override
  public byte[] serialize(String topic, HistoryKey key) {
    if (key == null) {
      return null;
    }
    byte[] session = key.sessionId().getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(session.length + 1 + SEQ_LENGTH)
        .put(session)
        .put(SEPARATOR)
        .putLong(key.seq())
        .array();
  }

  /**
   * Decodes a key.
   *
   * @throws MalformedRecordException if the bytes are not an encoded history key
   */
  @Override
  public HistoryKey deserialize(String topic, byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    int separator = bytes.length - SEQ_LENGTH - 1;
    if (separator < 1 || bytes[separator] != SEPARATOR) {
      throw MalformedRecordException.invalidKey(
          topic,
          "expected a session id, a 0x00 separator and an 8-byte seq, got "
              + bytes.length
              + " bytes "
              + Arrays.toString(Arrays.copyOf(bytes, Math.min(bytes.length, 16))));
    }
    String sessionId = new String(bytes, 0, separator, StandardCharsets.UTF_8);
    long seq = ByteBuffer.wrap(bytes, separator + 1, SEQ_LENGTH).getLong();
    try {
      return new HistoryKey(sessionId, seq);
    } catch (IllegalArgumentException e) {
      throw MalformedRecordException.invalidKey(topic, e.getMessage());
    }
  }

  @Override
  public Serializer<HistoryKey> serializer() {
    return this;
  }

  @Override
  public Deserializer<HistoryKey> deserializer() {
    return this;
  }

  /** Does nothing: the encoding has no options. */
  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {}

  /** Does nothing: there is nothing to release. */
  @Override
  public void close() {}
}
