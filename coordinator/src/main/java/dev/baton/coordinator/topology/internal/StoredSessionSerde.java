package dev.baton.coordinator.topology.internal;

import dev.baton.coordinator.session.ActiveTurn;
import dev.baton.coordinator.session.FinishedTurn;
import dev.baton.coordinator.session.QueuedTurn;
import dev.baton.coordinator.session.SessionState;
import dev.baton.coordinator.session.StepAttempt;
import dev.baton.coordinator.session.TurnStatus;
import dev.baton.coordinator.session.Usage;
import dev.baton.coordinator.topology.StoredSession;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The binary format of the sessions store, version 1, described on {@link StoredSession}.
 * Hand-rolled because the value is rewritten on every command and must be cheap to write and read.
 */
public final class StoredSessionSerde
    implements Serde<StoredSession>, Serializer<StoredSession>, Deserializer<StoredSession> {

  /** The first byte of every value in this format. */
  static final byte VERSION = 1;

  @Override
  public byte[] serialize(String topic, StoredSession session) {
    if (session == null) {
      return null;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (SessionWriter out = new SessionWriter(new DataOutputStream(bytes))) {
      out.write(session);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // cannot happen: the stream is in memory
    }
    return bytes.toByteArray();
  }

  @Override
  public StoredSession deserialize(String topic, byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      return new SessionReader(in).read();
    } catch (IOException e) {
      throw new IllegalStateException(
          "corrupt value in the sessions store (" + bytes.length + " bytes): " + e, e);
    }
  }

  @Override
  public Serializer<StoredSession> serializer() {
    return this;
  }

  @Override
  public Deserializer<StoredSession> deserializer() {
    return this;
  }

  /** Does nothing: the format has no options. */
  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {}

  /** Does nothing: there is nothing to release. */
  @Override
  public void close() {}

  private record SessionWriter(DataOutputStream out) implements AutoCloseable {

    void write(StoredSession session) throws IOException {
      SessionState state = session.state();
      out.writeByte(VERSION);
      out.writeLong(session.nextEventSeq());
      string(state.sessionId());
      out.writeBoolean(state.activeTurn().isPresent());
      if (state.activeTurn().isPresent()) {
        activeTurn(state.activeTurn().get());
      }
      out.writeInt(state.queue().size());
      for (QueuedTurn turn : state.queue()) {
        string(turn.turnId());
        string(turn.input());
        instant(turn.queuedAt());
      }
      out.writeInt(state.finishedTurns().size());
      for (FinishedTurn turn : state.finishedTurns()) {
        string(turn.turnId());
        string(turn.status().name());
      }
      out.writeLong(state.historyStart());
      out.writeLong(state.nextSeq());
      out.writeLong(state.lastFencingToken());
    }

    private void activeTurn(ActiveTurn turn) throws IOException {
      string(turn.turnId());
      instant(turn.startedAt());
      out.writeLong(turn.firstSeq());
      out.writeInt(turn.step());
      out.writeBoolean(turn.assignment().isPresent());
      if (turn.assignment().isPresent()) {
        StepAttempt attempt = turn.assignment().get();
        string(attempt.turnId());
        out.writeInt(attempt.step());
        out.writeInt(attempt.attempt());
        out.writeLong(attempt.fencingToken());
      }
      out.writeLong(turn.usage().inputTokens());
      out.writeLong(turn.usage().outputTokens());
    }

    private void instant(Instant instant) throws IOException {
      out.writeLong(instant.getEpochSecond());
      out.writeInt(instant.getNano());
    }

    private void string(String value) throws IOException {
      byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
      out.writeInt(utf8.length);
      out.write(utf8);
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }

  private record SessionReader(DataInputStream in) {

    StoredSession read() throws IOException {
      byte version = in.readByte();
      if (version != VERSION) {
        throw new IOException("unknown format version " + version + ", expected " + VERSION);
      }
      long nextEventSeq = in.readLong();
      String sessionId = string();
      Optional<ActiveTurn> activeTurn =
          in.readBoolean() ? Optional.of(activeTurn()) : Optional.empty();
      List<QueuedTurn> queue = new ArrayList<>();
      for (int i = in.readInt(); i > 0; i--) {
        queue.add(new QueuedTurn(string(), string(), instant()));
      }
      List<FinishedTurn> finished = new ArrayList<>();
      for (int i = in.readInt(); i > 0; i--) {
        finished.add(new FinishedTurn(string(), TurnStatus.valueOf(string())));
      }
      SessionState state =
          new SessionState(
              sessionId, activeTurn, queue, finished, in.readLong(), in.readLong(), in.readLong());
      return new StoredSession(state, nextEventSeq);
    }

    private ActiveTurn activeTurn() throws IOException {
      String turnId = string();
      Instant startedAt = instant();
      long firstSeq = in.readLong();
      int step = in.readInt();
      Optional<StepAttempt> assignment =
          in.readBoolean()
              ? Optional.of(new StepAttempt(string(), in.readInt(), in.readInt(), in.readLong()))
              : Optional.empty();
      Usage usage = new Usage(in.readLong(), in.readLong());
      return new ActiveTurn(turnId, startedAt, firstSeq, step, assignment, usage);
    }

    private Instant instant() throws IOException {
      return Instant.ofEpochSecond(in.readLong(), in.readInt());
    }

    private String string() throws IOException {
      int length = in.readInt();
      if (length < 0 || length > in.available()) {
        throw new IOException("string length " + length + " exceeds the remaining bytes");
      }
      return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
  }
}
