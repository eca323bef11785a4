package dev.baton.coordinator.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.schemas.avro.CancelReason;
import dev.baton.schemas.avro.SteeredInputsDelivered;
import dev.baton.schemas.avro.StepAssigned;
import dev.baton.schemas.avro.StepAttemptFailed;
import dev.baton.schemas.avro.StepCompleted;
import dev.baton.schemas.avro.StreamDelta;
import dev.baton.schemas.avro.TurnCancelled;
import dev.baton.schemas.avro.TurnCompleted;
import dev.baton.schemas.avro.TurnMerged;
import dev.baton.schemas.avro.TurnQueued;
import dev.baton.schemas.avro.TurnRejected;
import dev.baton.schemas.avro.TurnRejectionCode;
import dev.baton.schemas.avro.TurnStarted;
import dev.baton.schemas.avro.TurnSteered;
import dev.baton.schemas.avro.Usage;
import java.util.List;
import org.junit.jupiter.api.Test;

class TurnFilterTest {

  private static final String SESSION = "s-1";
  private static final String TURN = "t-1";
  private static final String JOINED = "t-0";

  private final FedRecords records = new FedRecords(SESSION);

  @Test
  void shouldSendTheDeltasOfTheCurrentAttemptInOrderBetweenItsStartAndEnd() {
    event(new TurnStarted(null));
    event(assigned(0, 0));
    delta(0, 0, 0, "a");
    delta(0, 0, 1, "b");
    event(new StepCompleted(0, 0, "w-1", 0));
    event(new TurnCompleted(1, null, null));

    List<TurnStreamEvent> sent = run(start());

    assertThat(sent)
        .extracting(TurnStreamEvent::type)
        .containsExactly(
            "turn.started", "step.started", "delta", "delta", "step.completed", "turn.ended");
    assertThat(FedRecords.texts(sent)).containsExactly("a", "b");
    assertThat(sent.getLast().terminal()).isTrue();
  }

  @Test
  void shouldDropTheDeltasOfAFencedAttemptOnceItsFailureIsSent() {
    event(assigned(0, 0));
    delta(0, 0, 0, "first try");
    event(failed(0, 0));
    delta(0, 0, 1, "zombie");
    event(assigned(0, 1));
    delta(0, 1, 0, "second try");
    delta(0, 0, 2, "zombie again");

    List<TurnStreamEvent> sent = run(start());

    assertThat(FedRecords.texts(sent)).containsExactly("first try", "second try");
  }

  @Test
  void shouldHoldADeltaOfANewerAttemptAndThoseBehindItUntilThatAttemptStarts() {
    event(assigned(0, 0));
    event(new StepCompleted(0, 0, "w-1", 1));
    delta(1, 0, 0, "early");
    delta(1, 0, 1, "also early");
    event(assigned(1, 0));

    List<TurnStreamEvent> sent = run(start());

    assertThat(sent)
        .extracting(TurnStreamEvent::type)
        .containsExactly("step.started", "step.completed", "step.started", "delta", "delta");
    assertThat(FedRecords.texts(sent)).containsExactly("early", "also early");
  }

  @Test
  void shouldGoOnWhenASubmitReusingTheTurnsIdWithAnotherInputIsRejected() {
    event(new TurnStarted(null));
    event(new TurnRejected(TurnRejectionCode.TURN_ID_REUSED, "another input", TURN));
    event(assigned(0, 0));
    event(new TurnCompleted(1, null, null));

    List<TurnStreamEvent> sent = run(start());

    assertThat(sent)
        .extracting(TurnStreamEvent::type)
        .containsExactly("turn.started", "step.started", "turn.ended");
    assertThat(sent.getLast().data()).containsEntry("status", "COMPLETED");
  }

  @Test
  void shouldIgnoreRecordsOfOtherTurnsAndRecordsItHasPassed() {
    event(assigned(0, 0));
    records.delta(delta(TURN + "-other", 0, 0, 0, "not mine"));
    delta(0, 0, 0, "mine");
    records.again(); // read again after the reader moved back

    assertThat(FedRecords.texts(run(start()))).containsExactly("mine");
  }

  @Test
  void shouldResumeFromAnyEventIdWithNoEventRepeatedOrSkipped() {
    event(new TurnStarted(null));
    event(assigned(0, 0));
    delta(0, 0, 0, "zero");
    event(failed(0, 0));
    delta(0, 0, 1, "zombie");
    delta(0, 1, 0, "early");
    event(assigned(0, 1));
    delta(0, 1, 1, "one");
    event(new StepCompleted(0, 1, "w-2", 0));
    event(new TurnCompleted(1, null, null));
    List<TurnStreamEvent> whole = run(start());

    assertResumesExactlyOnce(whole);
  }

  @Test
  void shouldRefuseAnIdOfAnotherTurn() {
    String id = TurnCursor.before(SESSION, "t-2", 0, 0).format();

    org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
        .isThrownBy(() -> TurnCursor.parse(id, SESSION, TURN))
        .withMessageContaining("another turn");
    org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
        .isThrownBy(() -> TurnCursor.parse("1.abc", SESSION, TURN));
  }

  @Test
  void shouldTellTheKindOfEachDelta() {
    event(assigned(0, 0));
    delta(0, 0, 0, "answer");
    records.delta(StreamDelta.newBuilder(delta(TURN, 0, 0, 1, "hmm")).setKind("reasoning").build());

    List<TurnStreamEvent> sent = run(start());

    assertThat(sent.subList(1, 3))
        .extracting(e -> e.data().get("kind") + ":" + e.data().get("text"))
        .containsExactly("text:answer", "reasoning:hmm");
    assertThat(sent.get(2).data().keySet())
        .containsExactly("step", "attempt", "index", "delivery", "kind", "text");
  }

  @Test
  void shouldSayWhenALaterRunOfTheAttemptTakesOverAndResumeAcrossIt() {
    event(assigned(0, 0));
    records.delta(run(0, "first run", 1));
    records.delta(run(1, "first run, on", 1));
    records.delta(run(0, "second run", 2));
    records.delta(run(2, "first run, still going", 1));
    records.delta(run(1, "second run, on", 2));
    event(new StepCompleted(0, 0, "w-1", 0));

    List<TurnStreamEvent> sent = run(start());

    assertThat(sent)
        .extracting(TurnStreamEvent::type)
        .containsExactly(
            "step.started", "delta", "delta", "step.restarted", "delta", "delta", "step.completed");
    assertThat(FedRecords.texts(sent))
        .containsExactly("first run", "first run, on", "second run", "second run, on");
    for (int cut = 0; cut < sent.size(); cut++) {
      TurnCursor resumeAt = TurnCursor.parse(sent.get(cut).cursor().format(), SESSION, TURN);
      assertThat(run(resumeAt)).as("after %d", cut).isEqualTo(sent.subList(cut + 1, sent.size()));
    }
  }

  @Test
  void shouldEndASteeredInputsStreamWithTheEndOfTheTurnThatCarriedIt() {
    records.event(JOINED, new TurnStarted(null));
    records.event(JOINED, assigned(0, 0));
    event(new TurnSteered(JOINED, 0));
    records.delta(delta(JOINED, 0, 0, 0, "not mine"));
    records.event(JOINED, new StepCompleted(0, 0, "w-1", 1));
    records.event(JOINED, delivered(TURN + "-other"));
    records.event(JOINED, delivered(TURN));
    records.event(JOINED, assigned(1, 0));
    records.event(JOINED, new StepCompleted(1, 0, "w-1", 0));
    records.event(JOINED, new TurnCompleted(2, null, new Usage(12L, 40L, null)));
    records.event(TURN + "-next", new TurnStarted(null));

    List<TurnStreamEvent> sent = run(start());

    assertThat(sent)
        .extracting(TurnStreamEvent::type)
        .containsExactly("turn.steered", "turn.ended");
    assertThat(sent.getFirst().data()).containsEntry("intoTurnId", JOINED);
    TurnStreamEvent end = sent.getLast();
    assertThat(end.terminal()).isTrue();
    assertThat(end.data())
        .containsEntry("status", "COMPLETED")
        .containsEntry("steps", 2)
        .containsEntry("joinedTurnId", JOINED);
    assertThat(end.data().get("usage"))
        .isEqualTo(StreamEvents.data("inputTokens", 12L, "outputTokens", 40L, "model", null));
    assertResumesExactlyOnce(sent);
  }

  @Test
  void shouldGoOnWithTheInputsOwnTurnWhenTheTurnItJoinedEndsBeforeAStepCarriedIt() {
    records.event(JOINED, new TurnStarted(null));
    event(new TurnSteered(JOINED, 0));
    records.event(JOINED, delivered(TURN + "-other"));
    records.event(JOINED, new TurnCompleted(1, null, null));
    event(new TurnQueued(0));
    event(new TurnStarted(null));
    event(assigned(0, 0));
    delta(0, 0, 0, "my own answer");
    event(new StepCompleted(0, 0, "w-1", 0));
    event(new TurnCompleted(1, null, null));

    List<TurnStreamEvent> sent = run(start());

    assertThat(sent)
        .extracting(TurnStreamEvent::type)
        .containsExactly(
            "turn.steered",
            "turn.queued",
            "turn.started",
            "step.started",
            "delta",
            "step.completed",
            "turn.ended");
    assertThat(sent.getLast().data()).doesNotContainKey("joinedTurnId");
    assertResumesExactlyOnce(sent);
  }

  /**
   * Inputs steered into a turn that ended before a step carried them become the next turn: the
   * first runs as a turn of its own, the others are merged into it and end with it.
   */
  @Test
  void shouldFollowTheNextTurnWhenTheTurnItJoinedEndsAndTheInputIsMergedIntoIt() {
    String next = "t-2";
    records.event(JOINED, new TurnStarted(null));
    event(new TurnSteered(JOINED, 1));
    records.event(JOINED, new TurnCompleted(1, null, null));
    records.event(next, new TurnQueued(0));
    event(new TurnMerged(next, 0));
    records.event(next, new TurnStarted(null));
    records.event(next, delivered(TURN));
    records.event(next, assigned(0, 0));
    records.event(next, new TurnCompleted(1, null, null));

    List<TurnStreamEvent> sent = run(start());

    assertThat(sent)
        .extracting(TurnStreamEvent::type)
        .containsExactly("turn.steered", "turn.merged", "turn.ended");
    assertThat(sent.getLast().data()).containsEntry("joinedTurnId", next);
    assertResumesExactlyOnce(sent);
  }

  @Test
  void shouldEndAMergedInputsStreamWithTheEndOfTheQueuedTurnItJoined() {
    event(new TurnMerged(JOINED, 0));
    records.event(JOINED, new TurnStarted(null));
    records.event(JOINED, delivered(TURN));
    records.event(JOINED, assigned(0, 0));
    records.event(JOINED, new TurnCompleted(1, null, null));

    List<TurnStreamEvent> sent = run(start());

    assertThat(sent).extracting(TurnStreamEvent::type).containsExactly("turn.merged", "turn.ended");
    assertThat(sent.getLast().data()).containsEntry("joinedTurnId", JOINED);
    assertResumesExactlyOnce(sent);
  }

  @Test
  void shouldEndAMergedInputsStreamWhenTheQueuedTurnItJoinedIsCancelledBeforeItStarts() {
    event(new TurnMerged(JOINED, 0));
    records.event(JOINED, new TurnCancelled(CancelReason.CANCELLED, null, null, null));

    List<TurnStreamEvent> sent = run(start());

    assertThat(sent).extracting(TurnStreamEvent::type).containsExactly("turn.merged", "turn.ended");
    assertThat(sent.getLast().data())
        .containsEntry("status", "CANCELLED")
        .containsEntry("joinedTurnId", JOINED);
  }

  @Test
  void shouldGoOnWithAMergedInputsOwnTurnWhenTheTurnItJoinedEndsBeforeItsFirstStep() {
    event(new TurnMerged(JOINED, 0));
    records.event(JOINED, new TurnStarted(null));
    records.event(JOINED, new TurnCancelled(CancelReason.CANCELLED, null, null, null));
    event(new TurnQueued(0));

    List<TurnStreamEvent> sent = run(start());

    assertThat(sent)
        .extracting(TurnStreamEvent::type)
        .containsExactly("turn.merged", "turn.queued");
    assertThat(sent.getLast().terminal()).isFalse();
  }

  @Test
  void shouldWriteAndReadTheTurnAnInputJoinedInItsEventIds() {
    String joined = "t.2/ü+x";
    TurnCursor cursor =
        TurnCursor.before(SESSION, TURN, 0, 0)
            .withJoin(new TurnCursor.Join(joined, TurnCursor.JoinState.DELIVERED));

    String id = cursor.format();

    assertThat(id).startsWith(TurnCursor.before(SESSION, TURN, 0, 0).format() + ".d");
    assertThat(TurnCursor.parse(id, SESSION, TURN)).isEqualTo(cursor);
    org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
        .isThrownBy(() -> TurnCursor.parse(id + ".x", SESSION, TURN));
    org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
        .isThrownBy(() -> TurnCursor.parse(id.replace(".d", ".z"), SESSION, TURN))
        .withMessageContaining("join state");
  }

  /**
   * Resumed after each event it sent (fed from the turn's start, as after a seek), the stream sends
   * exactly the rest.
   */
  private void assertResumesExactlyOnce(List<TurnStreamEvent> whole) {
    for (int got = 1; got < whole.size(); got++) {
      TurnCursor resumeAt = TurnCursor.parse(whole.get(got - 1).cursor().format(), SESSION, TURN);
      assertThat(run(resumeAt))
          .as("resumed after event %d", got)
          .isEqualTo(whole.subList(got, whole.size()));
    }
  }

  private static SteeredInputsDelivered delivered(String inputId) {
    return new SteeredInputsDelivered(1, 0, List.of(inputId), List.of(3L));
  }

  private static StreamDelta run(int index, String text, int delivery) {
    return new StreamDelta(SESSION, TURN, 0, 0, index, null, text, false, -1L, delivery, "text");
  }

  private TurnCursor start() {
    return TurnCursor.before(SESSION, TURN, 100, 500);
  }

  private List<TurnStreamEvent> run(TurnCursor from) {
    return records.run(sink -> new TurnFilter(TURN, from, sink));
  }

  private void event(Object body) {
    records.event(TURN, body);
  }

  private void delta(int step, int attempt, int index, String text) {
    records.delta(delta(TURN, step, attempt, index, text));
  }

  private static StreamDelta delta(String turnId, int step, int attempt, int index, String text) {
    return new StreamDelta(
        SESSION, turnId, step, attempt, index, null, text, false, -1L, 0, "text");
  }

  private static StepAssigned assigned(int step, int attempt) {
    return new StepAssigned("a-" + step + "-" + attempt, step, attempt, 7L + attempt, 60_000L, 1);
  }

  private static StepAttemptFailed failed(int step, int attempt) {
    return FedRecords.failed(step, attempt, 7L + attempt);
  }
}
