package dev.baton.coordinator.topology.internal;

import dev.baton.coordinator.topology.RememberedTurn;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The values of the turns store ({@link dev.baton.coordinator.topology.TurnPages}): a page of a
 * session's remembered turns, written as the format byte {@value #VERSION}, a 4-byte count, then
 * each turn as its 8-byte ordinal and the turn as the sessions store writes a finished turn ({@link
 * StoredSessionSerde#writeFinishedTurn}). Hand-rolled, like the sessions store's format, because
 * only the coordinator reads it.
 */
public final class TurnPageSerde
    implements Serde<List<RememberedTurn>>,
        Serializer<List<RememberedTurn>>,
        Deserializer<List<RememberedTurn>> {

  /** The first byte of every page in this format. */
  static final byte VERSION = 1;

  @Override
  public byte[] serialize(String topic, List<RememberedTurn> page) {
    if (page == null) {
      return null;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + 96 * page.size());
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeInt(page.size());
      for (RememberedTurn turn : page) {
        out.writeLong(turn.ordinal());
        StoredSessionSerde.writeFinishedTurn(out, turn.turn());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // cannot happen: the stream is in memory
    }
    return bytes.toByteArray();
  }

  @Override
  public List<RememberedTurn> deserialize(String topic, byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      byte version = in.readByte();
      if (version != VERSION) {
        throw new IOException("unknown format version " + version + ", expected " + VERSION);
      }
      int count = in.readInt();
      List<RememberedTurn> page = new ArrayList<>(Math.clamp(count, 0, 1024));
      for (int i = 0; i < count; i++) {
        page.add(new RememberedTurn(in.readLong(), StoredSessionSerde.readFinishedTurn(in)));
      }
      return page;
    } catch (IOException e) {
      throw new IllegalStateException(
          "corrupt value in the turns store (" + bytes.length + " bytes): " + e, e);
    }
  }

  @Override
  public Serializer<List<RememberedTurn>> serializer() {
    return this;
  }

  @Override
  public Deserializer<List<RememberedTurn>> deserializer() {
    return this;
  }

  /** Does nothing: the format has no options. */
  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {}

  /** Does nothing: there is nothing to release. */
  @Override
  public void close() {}
}
