package dev.baton.coordinator.topology.internal;

import dev.baton.schemas.avro.SessionEvent;
import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The values of the events store: the events of one entry, in eventSeq order. An entry is written
 * as the byte {@value #BATCH_MAGIC}, then each event as a 4-byte big-endian length and the event in
 * the Confluent wire format (by {@code events}, the session-events serde, under the store's
 * changelog subject). A value that starts with the wire format's magic byte 0 is one event alone,
 * the form the store had when it kept an entry per event; it reads as an entry of one, so a store
 * restored from an older changelog reads as before.
 */
public final class EventBatchSerde
    implements Serde<List<SessionEvent>>,
        Serializer<List<SessionEvent>>,
        Deserializer<List<SessionEvent>> {

  /** The first byte of an entry of events; a lone event's starts with the wire format's 0. */
  static final byte BATCH_MAGIC = 1;

  /** The bytes an entry takes beyond its events' wire format: its first byte. */
  static final int ENTRY_OVERHEAD = 1;

  /** The bytes each event takes in an entry beyond its wire format: its length. */
  static final int EVENT_OVERHEAD = Integer.BYTES;

  private final Serde<SessionEvent> events;

  /** A serde whose events are written and read by {@code events}. */
  public EventBatchSerde(Serde<SessionEvent> events) {
    this.events = events;
  }

  @Override
  public byte[] serialize(String topic, List<SessionEvent> entry) {
    if (entry == null) {
      return null;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(BATCH_MAGIC);
    for (SessionEvent event : entry) {
      byte[] bytes = events.serializer().serialize(topic, event);
      out.writeBytes(ByteBuffer.allocate(EVENT_OVERHEAD).putInt(bytes.length).array());
      out.writeBytes(bytes);
    }
    return out.toByteArray();
  }

  @Override
  public List<SessionEvent> deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    if (data.length == 0 || data[0] != BATCH_MAGIC) {
      return List.of(events.deserializer().deserialize(topic, data));
    }
    ByteBuffer buffer = ByteBuffer.wrap(data, 1, data.length - 1);
    List<SessionEvent> entry = new ArrayList<>();
    try {
      while (buffer.hasRemaining()) {
        byte[] bytes = new byte[buffer.getInt()];
        buffer.get(bytes);
        entry.add(events.deserializer().deserialize(topic, bytes));
      }
    } catch (BufferUnderflowException | NegativeArraySizeException e) {
      throw new SerializationException(
          "An entry of " + topic + " of " + data.length + " bytes is truncated", e);
    }
    return List.copyOf(entry);
  }

  @Override
  public Serializer<List<SessionEvent>> serializer() {
    return this;
  }

  @Override
  public Deserializer<List<SessionEvent>> deserializer() {
    return this;
  }

  /** Does nothing: the serde is configured when it is created. */
  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {}

  /** Does nothing: the event serde belongs to the caller. */
  @Override
  public void close() {}
}
