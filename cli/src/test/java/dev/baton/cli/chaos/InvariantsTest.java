package dev.baton.cli.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.cli.chaos.ToolRun.Outcome;
import dev.baton.cli.chaos.Violation.Invariant;
import dev.baton.cli.testkit.HistoryMessage;
import dev.baton.schemas.avro.CancelReason;
import dev.baton.schemas.avro.HistoryClearReason;
import dev.baton.schemas.avro.HistoryCleared;
import dev.baton.schemas.avro.Message;
import dev.baton.schemas.avro.MessageAppended;
import dev.baton.schemas.avro.OnBusy;
import dev.baton.schemas.avro.Role;
import dev.baton.schemas.avro.SessionEvent;
import dev.baton.schemas.avro.ToolCallRequest;
import dev.baton.schemas.avro.ToolResult;
import dev.baton.schemas.avro.TurnAccepted;
import dev.baton.schemas.avro.TurnCancelled;
import dev.baton.schemas.avro.TurnCompleted;
import dev.baton.schemas.avro.TurnStarted;
import dev.baton.worker.OperationClass;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The checker finds each broken invariant in hand-made observations, and nothing in clean ones. */
class InvariantsTest {

  private static final String S = "s-1";
  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

  private final List<SessionEvent> events = new ArrayList<>();
  private final List<ToolRun> runs = new ArrayList<>();
  private String causation = "c";

  @Test
  void shouldFindNothingInACleanToolTurn() {
    assertThat(toolTurnWith()).isEmpty();
  }

  @Test
  void shouldFindAWriteThatOverlapsACallOfItsTurn() {
    assertThat(toolTurnWith(run(2, "t1", "c2", OperationClass.READ, 50, 150)))
        .containsExactly(Invariant.WRITE_OVERLAP);
  }

  @Test
  void shouldFindACallRunAgainAfterItsResultWasAccepted() {
    assertThat(toolTurnWith(run(2, "t1", "c1", OperationClass.WRITE, 200, 300)))
        .containsExactly(Invariant.RERUN_AFTER_ACCEPT);
  }

  @Test
  void shouldFindAWriteThatOverlapsAWriteOfAnotherTurn() {
    assertThat(toolTurnWith(run(2, "t0", "c9", OperationClass.WRITE, 90, 120)))
        .containsExactly(Invariant.WRITE_OVERLAP_ACROSS_TURNS);
  }

  /**
   * The invariants that a completed turn t1, whose WRITE call c1 ran once as run 1 (0 to 100 ms),
   * breaks together with {@code others}.
   */
  private List<Invariant> toolTurnWith(ToolRun... others) {
    toolTurn("t1", "run 1 chaos_write");
    runs.add(run(1, "t1", "c1", OperationClass.WRITE, 0, 100));
    runs.addAll(List.of(others));
    return invariants(Invariants.check(observations(history("t1", 4))));
  }

  @Test
  void shouldFindATurnThatNeverEndsAndATranscriptWithoutItsResult() {
    event("t1", new TurnAccepted("in", OnBusy.ENQUEUE, null, Map.of()));
    event("t1", new TurnStarted(null));
    append("t1", 1, message(Role.USER, "in", List.of(), null));
    append("t1", 2, message(Role.ASSISTANT, "", List.of(call("c1")), null));
    event("t1", new TurnCompleted(1, 2L, null));
    event("t2", new TurnAccepted("in", OnBusy.ENQUEUE, null, Map.of()));

    assertThat(invariants(Invariants.check(observations(history("t1", 2)))))
        .containsExactlyInAnyOrder(Invariant.TRANSCRIPT_BROKEN, Invariant.TURN_NEVER_ENDED);
  }

  @Test
  void shouldCheckARolledBackTurnAfterTheDecisionThatRemovedIt() {
    event("t1", new TurnAccepted("in", OnBusy.ENQUEUE, null, Map.of()));
    event("t1", new TurnStarted(null));
    append("t1", 1, message(Role.USER, "in", List.of(), null));
    append("t1", 2, message(Role.ASSISTANT, "", List.of(call("c1")), null));
    causation = "rollback";
    event("t1", new TurnCancelled(CancelReason.ROLLED_BACK, "t2", null, null));
    event(null, new HistoryCleared(1L, 3L, HistoryClearReason.ROLLED_BACK));

    assertThat(invariants(Invariants.check(observations(List.of())))).isEmpty();
  }

  @Test
  void shouldFindAHistoryTopicThatDiffersFromTheEvents() {
    toolTurn("t1", "run 1 chaos_write");
    runs.add(run(1, "t1", "c1", OperationClass.WRITE, 0, 100));

    assertThat(invariants(Invariants.check(observations(history("t1", 3)))))
        .containsExactly(Invariant.HISTORY_TOPIC_MISMATCH);
  }

  @Test
  void shouldGenerateTheSameWorkloadFromTheSameSeed() {
    Set<Fault> all = Fault.parse("all");
    assertThat(Workloads.generate(7, all, 40)).isEqualTo(Workloads.generate(7, all, 40));
    assertThat(Workloads.generate(7, all, 40)).isNotEqualTo(Workloads.generate(8, all, 40));
  }

  @Test
  void shouldReadItsOwnScripts() {
    for (Op op : Workloads.generate(3, Fault.parse("all"), 100).ops()) {
      if (op instanceof Op.Submit submit) {
        assertThat(ToolScript.parse(submit.script().input())).isEqualTo(submit.script());
      }
    }
  }

  /** A completed turn: input, one WRITE call c1, its result, the answer. */
  private void toolTurn(String turn, String result) {
    event(turn, new TurnAccepted("in", OnBusy.ENQUEUE, null, Map.of()));
    event(turn, new TurnStarted(null));
    append(turn, 1, message(Role.USER, "in", List.of(), null));
    append(turn, 2, message(Role.ASSISTANT, "", List.of(call("c1")), null));
    append(turn, 3, message(Role.TOOL, result, List.of(), new ToolResult("c1", result, false)));
    append(turn, 4, message(Role.ASSISTANT, "done", List.of(), null));
    event(turn, new TurnCompleted(2, 4L, null));
  }

  private void append(String turn, long seq, Message message) {
    event(turn, new MessageAppended(seq, message));
  }

  private void event(String turn, Object body) {
    events.add(
        new SessionEvent("e" + events.size(), (long) events.size(), S, turn, T0, causation, body));
  }

  private static Message message(
      Role role, String content, List<ToolCallRequest> calls, ToolResult result) {
    return new Message(role, content, calls, result, null);
  }

  private static ToolCallRequest call(String callId) {
    return new ToolCallRequest(callId, ChaosTools.WRITE, "{}", null, false);
  }

  private static ToolRun run(
      long id, String turn, String callId, OperationClass operationClass, int from, int to) {
    return new ToolRun(
        id,
        "w",
        S,
        turn,
        0,
        1,
        callId,
        operationClass,
        T0.plusMillis(from),
        T0.plusMillis(to),
        Outcome.FINISHED);
  }

  /**
   * The history topic: seqs 1 to {@code last} of turn {@code turn}, as {@link #toolTurn} has it.
   */
  private static List<HistoryMessage> history(String turn, int last) {
    List<String> roles = List.of("USER", "ASSISTANT", "TOOL", "ASSISTANT");
    List<HistoryMessage> messages = new ArrayList<>();
    for (int seq = 1; seq <= last; seq++) {
      messages.add(new HistoryMessage(seq, roles.get(seq - 1), "", turn));
    }
    return messages;
  }

  private Observations observations(List<HistoryMessage> history) {
    return new Observations(
        Set.of(S),
        Map.of(S, events),
        Map.of(S, history),
        runs,
        Map.of(),
        Map.of(),
        Duration.ofMinutes(1),
        0);
  }

  private static List<Invariant> invariants(List<Violation> violations) {
    return violations.stream().map(Violation::invariant).distinct().toList();
  }
}
