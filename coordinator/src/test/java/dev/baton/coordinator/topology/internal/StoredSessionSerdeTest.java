package dev.baton.coordinator.topology.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.coordinator.session.ActiveTurn;
import dev.baton.coordinator.session.DispatchMode;
import dev.baton.coordinator.session.FinishedTurn;
import dev.baton.coordinator.session.InputDigest;
import dev.baton.coordinator.session.OperationClass;
import dev.baton.coordinator.session.PendingApprovals;
import dev.baton.coordinator.session.QueuedTurn;
import dev.baton.coordinator.session.SessionLimits;
import dev.baton.coordinator.session.SessionState;
import dev.baton.coordinator.session.SteeredMessage;
import dev.baton.coordinator.session.StepAttempt;
import dev.baton.coordinator.session.ToolBatch;
import dev.baton.coordinator.session.ToolCall;
import dev.baton.coordinator.session.ToolResult;
import dev.baton.coordinator.session.TurnStatus;
import dev.baton.coordinator.session.TurnWork;
import dev.baton.coordinator.session.Usage;
import dev.baton.coordinator.topology.StoredSession;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StoredSessionSerdeTest {

  private static final Instant T0 = Instant.parse("2025-06-01T10:00:00.123456789Z");

  private final StoredSessionSerde serde = new StoredSessionSerde(SessionLimits.defaults());

  @Test
  void shouldReadBackAnEmptySession() {
    StoredSession empty = StoredSession.empty("session-1");

    assertThat(roundTrip(empty)).isEqualTo(empty);
  }

  @Test
  void shouldReadBackEveryFieldOfABusySession() {
    ActiveTurn active =
        new ActiveTurn(
            "turn-3",
            T0,
            5,
            2,
            new Usage(100, 20),
            Optional.of(T0.plusSeconds(600)),
            DispatchMode.PARALLEL,
            Optional.of(T0.plusSeconds(60)),
            new TurnWork.AgentStepOut(new StepAttempt("turn-3", 2, 3, 17)),
            Optional.of(InputDigest.of("What now?")));
    SessionState state =
        new SessionState(
            "session-1",
            Optional.of(active),
            List.of(
                new QueuedTurn("turn-4", "héllo ✓ 𝄞", T0.plusSeconds(1)),
                new QueuedTurn(
                    "turn-5", "later", T0.plusSeconds(2), Optional.of(Duration.ofMillis(1500)))),
            List.of(
                new FinishedTurn(
                    "turn-1", TurnStatus.COMPLETED, Optional.of(InputDigest.of("a")), T0),
                new FinishedTurn("turn-2", TurnStatus.FAILED, Optional.empty(), T0.plusMillis(1))),
            3,
            7,
            17,
            false,
            T0.plusSeconds(3),
            T0.minusSeconds(60));
    StoredSession busy = new StoredSession(state, 42);

    assertThat(roundTrip(busy)).isEqualTo(busy);
  }

  @Test
  void shouldReadBackActiveTurnBetweenSteps() {
    ActiveTurn between =
        new ActiveTurn(
            "t",
            T0,
            1,
            1,
            Usage.ZERO,
            Optional.empty(),
            DispatchMode.PARALLEL,
            Optional.empty(),
            TurnWork.NONE,
            Optional.empty());
    SessionState state = new SessionState("s", Optional.of(between), List.of(), List.of(), 1, 3, 1);
    StoredSession session = new StoredSession(state, 5);

    assertThat(roundTrip(session)).isEqualTo(session);
  }

  @Test
  void shouldReadBackActiveTurnWaitingForToolCalls() {
    List<ToolCall> calls =
        List.of(
            new ToolCall("c1", 0, "read_file", "{\"path\":\"a\"}", OperationClass.READ),
            new ToolCall("c2", 1, "write_file", "{}", OperationClass.WRITE));
    ToolBatch batch =
        new ToolBatch(
            new StepAttempt("t", 2, 1, 9),
            DispatchMode.PARALLEL,
            calls,
            List.of(new ToolResult("c2", "done ✓", true)),
            List.of(2, 1));
    StoredSession session = waitingFor(batch);

    assertThat(roundTrip(session)).isEqualTo(session);
  }

  @Test
  void shouldReadBackATurnInOrderedDispatch() {
    List<ToolCall> calls =
        List.of(
            new ToolCall("c1", 0, "read_file", "{}", OperationClass.READ),
            new ToolCall("c2", 1, "read_file", "{}", OperationClass.READ),
            new ToolCall("c3", 2, "write_file", "{}", OperationClass.WRITE));
    ToolBatch batch =
        new ToolBatch(
            new StepAttempt("t", 2, 1, 9),
            DispatchMode.SEQUENTIAL,
            calls,
            List.of(),
            List.of(2, 1, 0),
            List.of(2),
            List.of(0),
            0);
    StoredSession session = waitingFor(batch);

    assertThat(roundTrip(session)).isEqualTo(session);
  }

  @Test
  void shouldReadBackTheDispatchTokensOfABatch() {
    List<ToolCall> calls =
        List.of(
            new ToolCall("c1", 0, "write_file", "{}", OperationClass.WRITE),
            new ToolCall("c2", 1, "write_file", "{}", OperationClass.WRITE));
    ToolBatch batch =
        new ToolBatch(
            new StepAttempt("t", 2, 1, 9),
            DispatchMode.PARALLEL,
            calls,
            List.of(),
            List.of(3, 1),
            List.of(),
            List.of(),
            4);
    StoredSession session = waitingFor(batch);

    assertThat(roundTrip(session)).isEqualTo(session);
  }

  @Test
  void shouldReadBackTheCallsThatAwaitApprovalAndTheirDeadline() {
    List<ToolCall> calls =
        List.of(
            new ToolCall("c1", 0, "read_file", "{}", OperationClass.READ),
            new ToolCall("c2", 1, "deploy", "{\"to\":\"prod\"}", OperationClass.WRITE));
    ToolBatch batch =
        new ToolBatch(
            new StepAttempt("t", 2, 1, 9),
            DispatchMode.PARALLEL,
            calls,
            List.of(),
            List.of(1, 0),
            List.of(),
            List.of(),
            4,
            new PendingApprovals(List.of(1), Optional.of(T0.plusSeconds(300))));
    StoredSession session = waitingFor(batch);

    assertThat(roundTrip(session)).isEqualTo(session);
  }

  @Test
  void shouldReadBackAFirstStepThatWaitsOutItsDebounce() {
    ActiveTurn held =
        new ActiveTurn(
            "t",
            T0,
            1,
            0,
            Usage.ZERO,
            Optional.empty(),
            DispatchMode.PARALLEL,
            Optional.empty(),
            new TurnWork.StepHeld(new StepAttempt("t", 1, 1, 4), Optional.of(T0.plusMillis(500))),
            Optional.of(InputDigest.of("x")));
    SessionState state = new SessionState("s", Optional.of(held), List.of(), List.of(), 1, 2, 3);
    StoredSession session = new StoredSession(state, 8);

    assertThat(roundTrip(session)).isEqualTo(session);
  }

  /** A session whose active turn waits for {@code batch}'s results. */
  private static StoredSession waitingFor(ToolBatch batch) {
    ActiveTurn turn =
        new ActiveTurn(
            "t",
            T0,
            1,
            2,
            new Usage(3, 4),
            Optional.of(T0.plusSeconds(60)),
            batch.mode(),
            Optional.empty(),
            new TurnWork.ToolCallsOut(batch),
            Optional.of(InputDigest.of("x")));
    SessionState state =
        new SessionState("s", Optional.of(turn), List.of(), List.of(), 1, 4, batch.lastToken());
    return new StoredSession(state, 11);
  }

  @Test
  void shouldReadBackAStepHeldWhileThePausedSessionWaits() {
    ActiveTurn held =
        new ActiveTurn(
            "t",
            T0,
            1,
            1,
            Usage.ZERO,
            Optional.empty(),
            DispatchMode.PARALLEL,
            Optional.empty(),
            new TurnWork.StepHeld(new StepAttempt("t", 2, 1, 4)),
            Optional.of(InputDigest.of("x")));
    SessionState state =
        new SessionState(
            "s", Optional.of(held), List.of(), List.of(), 1, 4, 3, true, T0.plusSeconds(5), T0);
    StoredSession session = new StoredSession(state, 8);

    assertThat(roundTrip(session)).isEqualTo(session);
  }

  @Test
  void shouldReadBackTheInputsSteeredIntoTheActiveTurnAndMergedIntoQueuedTurns() {
    StepAttempt step = new StepAttempt("t", 2, 1, 4);
    ActiveTurn steered =
        stepOut(
            step,
            List.of(new QueuedTurn("m2", "and that", T0, Optional.of(Duration.ofSeconds(9)))),
            List.of(new SteeredMessage("m1", InputDigest.of("also this"), 3, step)));
    QueuedTurn merged =
        new QueuedTurn(
            "q1",
            "later",
            T0,
            Optional.empty(),
            InputDigest.of("later"),
            List.of(new QueuedTurn("q2", "and this", T0.plusSeconds(1))));
    SessionState state =
        new SessionState("s", Optional.of(steered), List.of(merged), List.of(), 1, 4, 4);
    StoredSession session = new StoredSession(state, 8);

    assertThat(roundTrip(session)).isEqualTo(session);
  }

  @Test
  void shouldReadBackTheMetadataOfTheActiveTurnAndOfEveryWaitingInput() {
    StepAttempt step = new StepAttempt("t", 1, 1, 4);
    QueuedTurn steering = queuedWithMetadata("m1", List.of(), Map.of("from", "steer"));
    ActiveTurn active = stepOut(step, List.of(steering), List.of(), Map.of("user", "u-1", "a", ""));
    QueuedTurn merged = queuedWithMetadata("q2", List.of(), Map.of("from", "merge"));
    QueuedTurn queued = queuedWithMetadata("q1", List.of(merged), Map.of("trace", "t-9"));
    SessionState state =
        new SessionState("s", Optional.of(active), List.of(queued), List.of(), 1, 4, 4);
    StoredSession session = new StoredSession(state, 8);

    StoredSession read = roundTrip(session);

    assertThat(read).isEqualTo(session);
    assertThat(read.state().activeTurn().orElseThrow().metadata())
        .isEqualTo(Map.of("user", "u-1", "a", ""));
    assertThat(read.state().queue().getFirst().merged().getFirst().metadata())
        .isEqualTo(Map.of("from", "merge"));
  }

  @Test
  void shouldWriteEqualMetadataAsEqualBytesWhateverItsOrder() {
    Map<String, String> forward = new LinkedHashMap<>();
    forward.put("a", "1");
    forward.put("b", "2");
    Map<String, String> backward = new LinkedHashMap<>();
    backward.put("b", "2");
    backward.put("a", "1");

    assertThat(bytesOfQueued(forward)).isEqualTo(bytesOfQueued(backward));
  }

  @Test
  void shouldReadFormatVersion8AsTurnsWithoutMetadata() {
    QueuedTurn queued = new QueuedTurn("q1", "later", T0);
    ActiveTurn active = stepOut(new StepAttempt("t", 1, 1, 4), List.of(), List.of());
    SessionState state =
        new SessionState("s", Optional.of(active), List.of(queued), List.of(), 1, 4, 4);
    StoredSession session = new StoredSession(state, 8);
    byte[] v9 = new StoredSessionSerde(SessionLimits.defaults()).serialize("t", session);
    // Version 9 writes an int (the metadata's size, 0) at the end of the active turn and of each
    // queued turn; the queued turn is the start of the tail after the active turn.
    int queuedEnd = v9.length - versionSevenTail(session) + queuedTurnBytes(queued);
    int activeEnd = v9.length - versionSevenTail(session);
    ByteArrayOutputStream v8 = new ByteArrayOutputStream();
    v8.write(v9, 0, activeEnd - 4);
    v8.write(v9, activeEnd, queuedEnd - 4 - activeEnd);
    v8.write(v9, queuedEnd, v9.length - queuedEnd);
    byte[] bytes = v8.toByteArray();
    bytes[0] = StoredSessionSerde.VERSION_8;

    assertThat(new StoredSessionSerde(SessionLimits.defaults()).deserialize("t", bytes))
        .isEqualTo(session);
  }

  /** The bytes of {@code turn} as the only queued turn: its count (an int) and the turn. */
  private static int queuedTurnBytes(QueuedTurn turn) {
    SessionState none = new SessionState("s", Optional.empty(), List.of(), List.of(), 1, 4, 4);
    SessionState one = new SessionState("s", Optional.empty(), List.of(turn), List.of(), 1, 4, 4);
    StoredSessionSerde serde = new StoredSessionSerde(SessionLimits.defaults());
    return 4
        + serde.serialize("t", new StoredSession(one, 8)).length
        - serde.serialize("t", new StoredSession(none, 8)).length;
  }

  private static byte[] bytesOfQueued(Map<String, String> metadata) {
    SessionState state =
        new SessionState(
            "s",
            Optional.empty(),
            List.of(queuedWithMetadata("q1", List.of(), metadata)),
            List.of(),
            1,
            4,
            4);
    return new StoredSessionSerde(SessionLimits.defaults())
        .serialize("t", new StoredSession(state, 8));
  }

  private static QueuedTurn queuedWithMetadata(
      String turnId, List<QueuedTurn> merged, Map<String, String> metadata) {
    return new QueuedTurn(
        turnId,
        "input of " + turnId,
        T0,
        Optional.empty(),
        InputDigest.of(turnId),
        merged,
        metadata);
  }

  @Test
  void shouldReadFormatVersion6AsATurnWithoutSteeredInputs() {
    ActiveTurn turn = stepOut(new StepAttempt("t", 1, 1, 4), List.of(), List.of());
    SessionState state = new SessionState("s", Optional.of(turn), List.of(), List.of(), 1, 2, 4);
    StoredSession session = new StoredSession(state, 8);
    byte[] v8 = new StoredSessionSerde(SessionLimits.defaults()).serialize("t", session);
    // Version 7 writes two empty lists (two ints) after the active turn's digest, version 8 a
    // boolean (no debounce) after them, and version 9 an int (no metadata) at the turn's end.
    int added = 8 + 1 + 4;
    int turnEnd = v8.length - versionSevenTail(session);
    byte[] v6 = new byte[v8.length - added];
    System.arraycopy(v8, 0, v6, 0, turnEnd - added);
    System.arraycopy(v8, turnEnd, v6, turnEnd - added, v8.length - turnEnd);
    v6[0] = StoredSessionSerde.VERSION_6;

    assertThat(new StoredSessionSerde(SessionLimits.defaults()).deserialize("t", v6))
        .isEqualTo(session);
  }

  private static ActiveTurn stepOut(
      StepAttempt step, List<QueuedTurn> steering, List<SteeredMessage> steered) {
    return stepOut(step, steering, steered, Map.of());
  }

  private static ActiveTurn stepOut(
      StepAttempt step,
      List<QueuedTurn> steering,
      List<SteeredMessage> steered,
      Map<String, String> metadata) {
    return new ActiveTurn(
        "t",
        T0,
        1,
        step.step(),
        Usage.ZERO,
        Optional.empty(),
        DispatchMode.PARALLEL,
        Optional.empty(),
        new TurnWork.AgentStepOut(step),
        Optional.of(InputDigest.of("x")),
        steering,
        steered,
        metadata);
  }

  /** The bytes a value of {@code session} has after its active turn: queue onwards. */
  private static int versionSevenTail(StoredSession session) {
    SessionState idle =
        new SessionState(
            session.state().sessionId(),
            Optional.empty(),
            session.state().queue(),
            session.state().finishedTurns(),
            session.state().historyStart(),
            session.state().nextSeq(),
            session.state().lastFencingToken());
    byte[] bytes =
        new StoredSessionSerde(SessionLimits.defaults())
            .serialize("t", new StoredSession(idle, session.nextEventSeq(), session.timer()));
    // version, nextEventSeq, session id, and the flag of an active turn come before the tail.
    return bytes.length
        - (1 + 8 + 4 + idle.sessionId().getBytes(StandardCharsets.UTF_8).length + 1);
  }

  @Test
  void shouldSerializeTheSameSessionOnceWhileItIsTheThreadsLast() throws Exception {
    StoredSession measured = new StoredSession(SessionState.empty("session-1"), 3);
    byte[] bytes = serde.serialize("t", measured);

    assertThat(serde.serialize("t", measured))
        .as("the store's put after the budget")
        .isSameAs(bytes);
    StoredSession equal = new StoredSession(SessionState.empty("session-1"), 3);
    byte[] again = serde.serialize("t", equal);
    assertThat(again).as("another object, serialized").isNotSameAs(bytes).isEqualTo(bytes);
    assertThat(serde.serialize("t", measured)).as("no longer the last").isNotSameAs(bytes);
    byte[][] elsewhere = new byte[1][];
    Thread other = Thread.ofPlatform().start(() -> elsewhere[0] = serde.serialize("t", equal));
    other.join();
    assertThat(elsewhere[0]).as("another thread's").isNotSameAs(again).isEqualTo(bytes);
  }

  @Test
  void shouldReadBackTheSessionItWroteWithoutDecodingIt() throws Exception {
    StoredSession written = new StoredSession(SessionState.empty("session-1"), 3);
    byte[] bytes = serde.serialize("t", written);

    assertThat(serde.deserialize("t", bytes.clone())).as("this thread's").isSameAs(written);
    StoredSession[] elsewhere = new StoredSession[1];
    Thread other = Thread.ofPlatform().start(() -> elsewhere[0] = serde.deserialize("t", bytes));
    other.join();
    assertThat(elsewhere[0])
        .as("another thread's, decoded")
        .isNotSameAs(written)
        .isEqualTo(written);
  }

  @Test
  void shouldForgetTheOldestOfMoreWrittenSessionsThanItKeeps() {
    StoredSession first = new StoredSession(SessionState.empty("session-0"), 3);
    byte[] bytes = serde.serialize("t", first);
    for (int i = 1; i <= StoredSessionSerde.RECENT_SESSIONS; i++) {
      serde.serialize("t", new StoredSession(SessionState.empty("session-" + i), 3));
    }

    assertThat(serde.deserialize("t", bytes)).isNotSameAs(first).isEqualTo(first);
  }

  @Test
  void shouldStillReadFormatVersion1() {
    StoredSession empty = StoredSession.empty("session-1");
    byte[] bytes = serde.serialize("t", empty);
    bytes[0] = StoredSessionSerde.VERSION_1; // an empty session is written alike in both versions

    assertThat(serde.deserialize("t", bytes)).isEqualTo(empty);
  }

  @Test
  void shouldReadBackTheStoredTimer() {
    StoredSession idle =
        new StoredSession(SessionState.empty("s"), 3, Optional.of(T0.plusSeconds(90)));

    assertThat(roundTrip(idle)).isEqualTo(idle);
  }

  @Test
  void shouldReadFormatVersion4WithTheTimerTheLimitsGive() {
    Duration ttl = Duration.ofMinutes(10);
    StoredSessionSerde serde =
        new StoredSessionSerde(SessionLimits.builder().idleTimeToLive(Optional.of(ttl)).build());
    SessionState idle =
        new SessionState(
            "s", Optional.empty(), List.of(), List.of(), 1, 4, 3, false, T0, Instant.EPOCH);
    byte[] version5 = serde.serialize("t", new StoredSession(idle, 8));
    byte[] version4 = java.util.Arrays.copyOf(version5, version5.length - 1); // no timer
    version4[0] = StoredSessionSerde.VERSION_4;

    assertThat(serde.deserialize("t", version4))
        .isEqualTo(new StoredSession(idle, 8, Optional.of(T0.plus(ttl))));
  }

  @Test
  void shouldReadFormatVersion5AsASessionThatBeginsAtItsNextEvent() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream v5 = new DataOutputStream(bytes);
    v5.writeByte(StoredSessionSerde.VERSION_5);
    v5.writeLong(40); // nextEventSeq
    string(v5, "s");
    v5.writeBoolean(true); // the active turn, between steps
    string(v5, "t2");
    instant(v5, T0);
    v5.writeLong(3); // firstSeq
    v5.writeInt(1); // step
    v5.writeBoolean(false); // no agent step out
    v5.writeLong(0); // usage
    v5.writeLong(0);
    v5.writeBoolean(false); // no deadline
    v5.writeBoolean(false); // no tool batch
    string(v5, "PARALLEL");
    v5.writeBoolean(false); // no lease
    v5.writeBoolean(false); // no held step
    v5.writeInt(1); // one queued turn
    string(v5, "t3");
    string(v5, "next");
    instant(v5, T0);
    v5.writeBoolean(false); // its deadline
    v5.writeInt(1); // one finished turn
    string(v5, "t1");
    string(v5, "COMPLETED");
    v5.writeLong(1); // historyStart
    v5.writeLong(5); // nextSeq
    v5.writeLong(7); // lastFencingToken
    v5.writeBoolean(false); // paused
    instant(v5, T0.plusSeconds(1)); // lastActivityAt
    v5.writeBoolean(false); // no timer

    StoredSession read = serde.deserialize("t", bytes.toByteArray());

    SessionState state = read.state();
    assertThat(read.nextEventSeq()).isEqualTo(40);
    assertThat(state.epoch()).isEqualTo(Instant.EPOCH);
    assertThat(state.hasBegun()).isFalse();
    assertThat(state.lastFencingToken()).isEqualTo(7);
    assertThat(state.activeTurn().orElseThrow().inputDigest()).isEmpty();
    assertThat(state.queue())
        .containsExactly(
            new QueuedTurn("t3", "next", T0, Optional.empty(), InputDigest.of("next")));
    assertThat(state.finishedTurns())
        .containsExactly(
            new FinishedTurn("t1", TurnStatus.COMPLETED, Optional.empty(), T0.plusSeconds(1)));
  }

  private static void string(DataOutputStream out, String value) throws IOException {
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }

  private static void instant(DataOutputStream out, Instant instant) throws IOException {
    out.writeLong(instant.getEpochSecond());
    out.writeInt(instant.getNano());
  }

  @Test
  void shouldMapNullToNullForTombstones() {
    assertThat(serde.serialize("t", null)).isNull();
    assertThat(serde.deserialize("t", null)).isNull();
  }

  @Test
  void shouldRefuseAnUnknownFormatVersion() {
    byte[] bytes = serde.serialize("t", StoredSession.empty("session-1"));
    bytes[0] = 99;

    assertThatThrownBy(() -> serde.deserialize("t", bytes))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("unknown format version 99");
  }

  @Test
  void shouldRefuseTruncatedBytes() {
    byte[] bytes = serde.serialize("t", StoredSession.empty("session-1"));

    assertThatThrownBy(() -> serde.deserialize("t", java.util.Arrays.copyOf(bytes, 12)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("corrupt value in the sessions store");
  }

  /** Written by one serde, read by another: decoded, not the value its writer remembers. */
  private StoredSession roundTrip(StoredSession session) {
    byte[] bytes = serde.serialize("t", session);
    return new StoredSessionSerde(SessionLimits.defaults()).deserialize("t", bytes);
  }
}
