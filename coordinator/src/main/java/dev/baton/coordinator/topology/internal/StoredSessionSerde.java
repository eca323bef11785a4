package dev.baton.coordinator.topology.internal;

import dev.baton.coordinator.session.ActiveTurn;
import dev.baton.coordinator.session.DispatchMode;
import dev.baton.coordinator.session.FinishedTurn;
import dev.baton.coordinator.session.InputDigest;
import dev.baton.coordinator.session.OperationClass;
import dev.baton.coordinator.session.PendingApprovals;
import dev.baton.coordinator.session.QueuedTurn;
import dev.baton.coordinator.session.SessionLimits;
import dev.baton.coordinator.session.SessionState;
import dev.baton.coordinator.session.SessionTimers;
import dev.baton.coordinator.session.SteeredMessage;
import dev.baton.coordinator.session.StepAttempt;
import dev.baton.coordinator.session.ToolBatch;
import dev.baton.coordinator.session.ToolCall;
import dev.baton.coordinator.session.ToolResult;
import dev.baton.coordinator.session.TurnStatus;
import dev.baton.coordinator.session.TurnWork;
import dev.baton.coordinator.session.Usage;
import dev.baton.coordinator.topology.StoredSession;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The binary format of the sessions store, described on {@link StoredSession}. Writes version 9;
 * reads versions 1 to 9. Version 2 adds a queued turn's deadline after its {@code queuedAt}, and an
 * active turn's deadline and tool batch after its usage. Version 3 adds a tool batch's waiting and
 * ordered calls after its dispatch counts, and an active turn's dispatch mode after its tool batch.
 * Version 4 adds pauses, last activity, leases and held steps. Version 5 adds the session's stored
 * timer at the end. Versions 1 to 4 stored no timer: their writers kept the timer at {@link
 * SessionTimers#nextDue} under the limits of the time, so they are read with the instant the
 * current limits give, which is the stored one unless the limits changed across the upgrade (then
 * the punctuator deletes the old entry when it meets it, and puts this one). Version 6 adds the
 * digests of turn inputs (32 bytes; optional on an active and a finished turn), a finished turn's
 * end after its status, and the session's epoch after its last activity, and a tool batch's
 * dispatch tokens per call after its ordered calls. Before version 6 finished turns are read as
 * ended at the session's last activity, without digests (a repeat of their id is then a duplicate
 * whatever its input), an active turn without a digest, a queued turn with the digest of its input,
 * the session as not begun (it begins at its next event), and a tool batch without dispatch tokens
 * (every dispatch carries the batch's token, as its writer sent it). Version 7 adds, after an
 * active turn's digest, the inputs steered into it that wait (as queued turns are written) and
 * those delivered to it, and after each queued turn's digest the inputs merged into it (likewise);
 * before version 7 there are none. Version 8 adds, after a tool batch's dispatch tokens per call,
 * the indexes of its calls that await approval and their deadline (optional), and at the end of an
 * active turn the end of its held first step's debounce (optional); before version 8 no call awaits
 * approval and no step a debounce. Version 9 adds the client's metadata (a count, then each key and
 * value, by key) at the end of each queued turn and of an active turn; before version 9 turns have
 * none. Hand-rolled because the value is rewritten on every command and must be cheap to write and
 * read.
 *
 * <p>Each thread's last value is serialized once: the {@link RecordBudget} measures a session's
 * value with the sessions store's serde before the store writes it, and the store's put of the same
 * {@link StoredSession} (the same object: it is immutable) takes the measured bytes.
 */
public final class StoredSessionSerde
    implements Serde<StoredSession>, Serializer<StoredSession>, Deserializer<StoredSession> {

  private final SessionLimits limits;

  /** The session each thread serialized last, and its bytes; shared by the stream threads. */
  private final ThreadLocal<Serialized> lastSerialized = new ThreadLocal<>();

  private record Serialized(StoredSession session, byte[] bytes) {}

  /** How many written sessions each thread keeps to answer reads of their bytes. */
  static final int RECENT_SESSIONS = 4096;

  /** The sessions each thread wrote last, by their bytes; shared by the stream threads. */
  private final ThreadLocal<RecentlyWritten<StoredSession>> recent =
      ThreadLocal.withInitial(() -> new RecentlyWritten<>(RECENT_SESSIONS));

  /**
   * @param limits the limits that give the timer of a value written before version 5
   */
  public StoredSessionSerde(SessionLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /** The first byte of every value in this format. */
  static final byte VERSION = 9;

  /** Version 8: no metadata. */
  static final byte VERSION_8 = 8;

  /** The seventh format, without calls that await approval; still read. */
  static final byte VERSION_7 = 7;

  /** The sixth format, without steered and merged inputs; still read. */
  static final byte VERSION_6 = 6;

  /** The fifth format, without input digests, turn ends, epochs and dispatch tokens; still read. */
  static final byte VERSION_5 = 5;

  /** The fourth format, without the stored timer; still read. */
  static final byte VERSION_4 = 4;

  /** The third format, without pauses, last activity, leases and held steps; still read. */
  static final byte VERSION_3 = 3;

  /** The second format, without dispatch modes of turns and waiting calls; still read. */
  static final byte VERSION_2 = 2;

  /** The first format, without deadlines and tool batches; still read. */
  static final byte VERSION_1 = 1;

  /**
   * The value of {@code session}. The same object serialized again on the same thread, with no
   * other session in between, gets the same array: callers must not change it.
   */
  @Override
  public byte[] serialize(String topic, StoredSession session) {
    if (session == null) {
      return null;
    }
    Serialized last = lastSerialized.get();
    if (last != null && last.session() == session) {
      return last.bytes();
    }
    byte[] bytes = write(session);
    lastSerialized.set(new Serialized(session, bytes));
    recent.get().wrote(bytes, session);
    return bytes;
  }

  private static byte[] write(StoredSession session) {
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
    StoredSession written = recent.get().read(bytes);
    if (written != null) {
      return written;
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      return new SessionReader(in, limits).read();
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

  /** Writes {@code turn} as this format's current version writes a session's finished turn. */
  static void writeFinishedTurn(DataOutputStream out, FinishedTurn turn) throws IOException {
    new SessionWriter(out).finished(turn);
  }

  /** Reads a finished turn that {@link #writeFinishedTurn} wrote. */
  static FinishedTurn readFinishedTurn(DataInputStream in) throws IOException {
    return new SessionReader(in, SessionLimits.defaults()).finished(true);
  }

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
      queuedTurns(state.queue());
      out.writeInt(state.finishedTurns().size());
      for (FinishedTurn turn : state.finishedTurns()) {
        finished(turn);
      }
      out.writeLong(state.historyStart());
      out.writeLong(state.nextSeq());
      out.writeLong(state.lastFencingToken());
      out.writeBoolean(state.paused());
      instant(state.lastActivityAt());
      instant(state.epoch());
      out.writeBoolean(session.timer().isPresent());
      if (session.timer().isPresent()) {
        instant(session.timer().get());
      }
    }

    void finished(FinishedTurn turn) throws IOException {
      string(turn.turnId());
      string(turn.status().name());
      digest(turn.inputDigest());
      instant(turn.endedAt());
    }

    private void activeTurn(ActiveTurn turn) throws IOException {
      string(turn.turnId());
      instant(turn.startedAt());
      out.writeLong(turn.firstSeq());
      out.writeInt(turn.step());
      out.writeBoolean(turn.assignment().isPresent());
      if (turn.assignment().isPresent()) {
        attempt(turn.assignment().get());
      }
      out.writeLong(turn.usage().inputTokens());
      out.writeLong(turn.usage().outputTokens());
      out.writeBoolean(turn.deadline().isPresent());
      if (turn.deadline().isPresent()) {
        instant(turn.deadline().get());
      }
      out.writeBoolean(turn.tools().isPresent());
      if (turn.tools().isPresent()) {
        toolBatch(turn.tools().get());
      }
      string(turn.dispatchMode().name());
      out.writeBoolean(turn.leaseUntil().isPresent());
      if (turn.leaseUntil().isPresent()) {
        instant(turn.leaseUntil().get());
      }
      out.writeBoolean(turn.held().isPresent());
      if (turn.held().isPresent()) {
        attempt(turn.held().get());
      }
      digest(turn.inputDigest());
      queuedTurns(turn.steering());
      out.writeInt(turn.steered().size());
      for (SteeredMessage message : turn.steered()) {
        string(message.messageId());
        out.write(message.inputDigest().toBytes());
        out.writeLong(message.seq());
        attempt(message.deliveredWith());
      }
      Optional<Instant> heldUntil =
          turn.work() instanceof TurnWork.StepHeld held ? held.until() : Optional.empty();
      out.writeBoolean(heldUntil.isPresent());
      if (heldUntil.isPresent()) {
        instant(heldUntil.get());
      }
      metadata(turn.metadata());
    }

    private void queuedTurns(List<QueuedTurn> turns) throws IOException {
      out.writeInt(turns.size());
      for (QueuedTurn turn : turns) {
        string(turn.turnId());
        string(turn.input());
        instant(turn.queuedAt());
        out.writeBoolean(turn.deadline().isPresent());
        if (turn.deadline().isPresent()) {
          duration(turn.deadline().get());
        }
        out.write(turn.inputDigest().toBytes());
        queuedTurns(turn.merged());
        metadata(turn.metadata());
      }
    }

    /** The metadata by key, so that equal states write equal bytes. */
    private void metadata(Map<String, String> metadata) throws IOException {
      out.writeInt(metadata.size());
      for (Map.Entry<String, String> entry : new TreeMap<>(metadata).entrySet()) {
        string(entry.getKey());
        string(entry.getValue());
      }
    }

    private void digest(Optional<InputDigest> digest) throws IOException {
      out.writeBoolean(digest.isPresent());
      if (digest.isPresent()) {
        out.write(digest.get().toBytes());
      }
    }

    private void attempt(StepAttempt attempt) throws IOException {
      string(attempt.turnId());
      out.writeInt(attempt.step());
      out.writeInt(attempt.attempt());
      out.writeLong(attempt.fencingToken());
    }

    private void toolBatch(ToolBatch batch) throws IOException {
      attempt(batch.assignment());
      string(batch.mode().name());
      out.writeInt(batch.calls().size());
      for (ToolCall call : batch.calls()) {
        string(call.callId());
        out.writeInt(call.index());
        string(call.name());
        string(call.argumentsJson());
        string(call.operationClass().name());
      }
      out.writeInt(batch.results().size());
      for (ToolResult result : batch.results()) {
        string(result.callId());
        string(result.content());
        out.writeBoolean(result.isError());
      }
      out.writeInt(batch.dispatches().size());
      for (int dispatches : batch.dispatches()) {
        out.writeInt(dispatches);
      }
      out.writeInt(batch.waiting().size());
      for (int index : batch.waiting()) {
        out.writeInt(index);
      }
      out.writeInt(batch.ordered().size());
      for (int index : batch.ordered()) {
        out.writeInt(index);
      }
      out.writeInt(batch.tokensPerCall());
      out.writeInt(batch.approvals().awaiting().size());
      for (int index : batch.approvals().awaiting()) {
        out.writeInt(index);
      }
      out.writeBoolean(batch.approvals().deadline().isPresent());
      if (batch.approvals().deadline().isPresent()) {
        instant(batch.approvals().deadline().get());
      }
    }

    private void duration(Duration duration) throws IOException {
      out.writeLong(duration.getSeconds());
      out.writeInt(duration.getNano());
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

  private record SessionReader(DataInputStream in, SessionLimits limits) {

    StoredSession read() throws IOException {
      byte version = in.readByte();
      if (version < VERSION_1 || version > VERSION) {
        throw new IOException(
            "unknown format version " + version + ", expected " + VERSION_1 + " to " + VERSION);
      }
      boolean v2 = version >= VERSION_2;
      boolean v3 = version >= VERSION_3;
      boolean v4 = version >= VERSION_4;
      boolean v5 = version >= VERSION_5;
      boolean v6 = version >= VERSION_6;
      boolean v7 = version >= VERSION_7;
      boolean v8 = version >= VERSION_8;
      boolean v9 = version >= VERSION;
      long nextEventSeq = in.readLong();
      String sessionId = string();
      Optional<ActiveTurn> activeTurn =
          in.readBoolean() ? Optional.of(activeTurn(v2, v3, v4, v6, v7, v8, v9)) : Optional.empty();
      List<QueuedTurn> queue = queuedTurns(v2, v6, v7, v9);
      List<FinishedTurn> finished = new ArrayList<>();
      for (int i = in.readInt(); i > 0; i--) {
        finished.add(finished(v6));
      }
      long historyStart = in.readLong();
      long nextSeq = in.readLong();
      long lastFencingToken = in.readLong();
      boolean paused = v4 && in.readBoolean();
      Instant lastActivityAt = v4 ? instant() : Instant.EPOCH;
      Instant epoch = v6 ? instant() : Instant.EPOCH;
      if (!v6) {
        finished = endedAt(finished, lastActivityAt);
      }
      SessionState state =
          new SessionState(
              sessionId,
              activeTurn,
              queue,
              finished,
              historyStart,
              nextSeq,
              lastFencingToken,
              paused,
              lastActivityAt,
              epoch);
      Optional<Instant> timer =
          v5
              ? (in.readBoolean() ? Optional.of(instant()) : Optional.empty())
              : SessionTimers.nextDue(state, limits);
      return new StoredSession(state, nextEventSeq, timer);
    }

    /** A finished turn; before version 6 without its digest and end. */
    FinishedTurn finished(boolean v6) throws IOException {
      String turnId = string();
      TurnStatus status = TurnStatus.valueOf(string());
      return v6
          ? new FinishedTurn(turnId, status, optionalDigest(), instant())
          : new FinishedTurn(turnId, status, Optional.empty(), Instant.EPOCH);
    }

    /** Finished turns stored before version 6, as ended at the session's last activity. */
    private static List<FinishedTurn> endedAt(List<FinishedTurn> finished, Instant at) {
      return finished.stream()
          .map(turn -> new FinishedTurn(turn.turnId(), turn.status(), Optional.empty(), at))
          .toList();
    }

    private InputDigest digest() throws IOException {
      byte[] bytes = in.readNBytes(InputDigest.BYTES);
      if (bytes.length != InputDigest.BYTES) {
        throw new IOException("an input digest ends after " + bytes.length + " bytes");
      }
      return InputDigest.fromBytes(bytes);
    }

    private Optional<InputDigest> optionalDigest() throws IOException {
      return in.readBoolean() ? Optional.of(digest()) : Optional.empty();
    }

    private List<QueuedTurn> queuedTurns(boolean v2, boolean v6, boolean v7, boolean v9)
        throws IOException {
      List<QueuedTurn> turns = new ArrayList<>();
      for (int i = in.readInt(); i > 0; i--) {
        String turnId = string();
        String input = string();
        Instant queuedAt = instant();
        Optional<Duration> deadline =
            v2 && in.readBoolean()
                ? Optional.of(Duration.ofSeconds(in.readLong(), in.readInt()))
                : Optional.empty();
        InputDigest digest = v6 ? digest() : InputDigest.of(input);
        List<QueuedTurn> merged = v7 ? queuedTurns(true, true, true, v9) : List.of();
        Map<String, String> metadata = v9 ? metadata() : Map.of();
        turns.add(new QueuedTurn(turnId, input, queuedAt, deadline, digest, merged, metadata));
      }
      return turns;
    }

    private List<SteeredMessage> steered() throws IOException {
      List<SteeredMessage> delivered = new ArrayList<>();
      for (int i = in.readInt(); i > 0; i--) {
        delivered.add(new SteeredMessage(string(), digest(), in.readLong(), attempt()));
      }
      return delivered;
    }

    private ActiveTurn activeTurn(
        boolean v2, boolean v3, boolean v4, boolean v6, boolean v7, boolean v8, boolean v9)
        throws IOException {
      String turnId = string();
      Instant startedAt = instant();
      long firstSeq = in.readLong();
      int step = in.readInt();
      Optional<StepAttempt> assignment =
          in.readBoolean() ? Optional.of(attempt()) : Optional.empty();
      Usage usage = new Usage(in.readLong(), in.readLong());
      Optional<Instant> deadline = Optional.empty();
      Optional<ToolBatch> tools = Optional.empty();
      if (v2) {
        deadline = in.readBoolean() ? Optional.of(instant()) : Optional.empty();
        tools = in.readBoolean() ? Optional.of(toolBatch(v3, v6, v8)) : Optional.empty();
      }
      DispatchMode mode = v3 ? DispatchMode.valueOf(string()) : DispatchMode.PARALLEL;
      Optional<Instant> leaseUntil =
          v4 && in.readBoolean() ? Optional.of(instant()) : Optional.empty();
      Optional<StepAttempt> held =
          v4 && in.readBoolean() ? Optional.of(attempt()) : Optional.empty();
      Optional<InputDigest> digest = v6 ? optionalDigest() : Optional.empty();
      List<QueuedTurn> steering = v7 ? queuedTurns(true, true, true, v9) : List.of();
      List<SteeredMessage> steered = v7 ? steered() : List.of();
      Optional<Instant> heldUntil =
          v8 && in.readBoolean() ? Optional.of(instant()) : Optional.empty();
      Map<String, String> metadata = v9 ? metadata() : Map.of();
      return new ActiveTurn(
          turnId,
          startedAt,
          firstSeq,
          step,
          usage,
          deadline,
          mode,
          leaseUntil,
          work(assignment, tools, held.map(attempt -> new TurnWork.StepHeld(attempt, heldUntil))),
          digest,
          steering,
          steered,
          metadata);
    }

    /** The turn's work from the format's three optional fields, of which at most one is set. */
    private static TurnWork work(
        Optional<StepAttempt> assignment,
        Optional<ToolBatch> tools,
        Optional<TurnWork.StepHeld> held)
        throws IOException {
      int set =
          (assignment.isPresent() ? 1 : 0)
              + (tools.isPresent() ? 1 : 0)
              + (held.isPresent() ? 1 : 0);
      if (set > 1) {
        throw new IOException("an active turn with more than one kind of work out");
      }
      if (assignment.isPresent()) {
        return new TurnWork.AgentStepOut(assignment.get());
      }
      if (tools.isPresent()) {
        return new TurnWork.ToolCallsOut(tools.get());
      }
      return held.<TurnWork>map(step -> step).orElse(TurnWork.NONE);
    }

    private StepAttempt attempt() throws IOException {
      return new StepAttempt(string(), in.readInt(), in.readInt(), in.readLong());
    }

    private ToolBatch toolBatch(boolean v3, boolean v6, boolean v8) throws IOException {
      StepAttempt assignment = attempt();
      DispatchMode mode = DispatchMode.valueOf(string());
      List<ToolCall> calls = new ArrayList<>();
      for (int i = in.readInt(); i > 0; i--) {
        calls.add(
            new ToolCall(
                string(), in.readInt(), string(), string(), OperationClass.valueOf(string())));
      }
      List<ToolResult> results = new ArrayList<>();
      for (int i = in.readInt(); i > 0; i--) {
        results.add(new ToolResult(string(), string(), in.readBoolean()));
      }
      List<Integer> dispatches = new ArrayList<>();
      for (int i = in.readInt(); i > 0; i--) {
        dispatches.add(in.readInt());
      }
      List<Integer> waiting = new ArrayList<>();
      for (int i = v3 ? in.readInt() : 0; i > 0; i--) {
        waiting.add(in.readInt());
      }
      List<Integer> ordered = new ArrayList<>();
      for (int i = v3 ? in.readInt() : 0; i > 0; i--) {
        ordered.add(in.readInt());
      }
      int tokensPerCall = v6 ? in.readInt() : 0;
      PendingApprovals approvals = v8 ? approvals() : PendingApprovals.NONE;
      return new ToolBatch(
          assignment, mode, calls, results, dispatches, waiting, ordered, tokensPerCall, approvals);
    }

    private PendingApprovals approvals() throws IOException {
      List<Integer> awaiting = new ArrayList<>();
      for (int i = in.readInt(); i > 0; i--) {
        awaiting.add(in.readInt());
      }
      Optional<Instant> deadline = in.readBoolean() ? Optional.of(instant()) : Optional.empty();
      return new PendingApprovals(awaiting, deadline);
    }

    private Instant instant() throws IOException {
      return Instant.ofEpochSecond(in.readLong(), in.readInt());
    }

    private Map<String, String> metadata() throws IOException {
      Map<String, String> metadata = new HashMap<>();
      for (int i = in.readInt(); i > 0; i--) {
        metadata.put(string(), string());
      }
      return metadata;
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
